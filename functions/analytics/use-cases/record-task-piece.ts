import type { Changes } from '#shared/unit-of-work/changes';
import type { AnalyticsDeps } from '../domain/ports';
import { emptyFact, mergePiece, readyToRank, type TaskPiece } from '../domain/task-fact';
import { beats } from '../domain/top-rank';

/**
 * Reaction to `task.created`, `task.priced` or `task.completed`: one piece of a task's fact.
 *  1. read the task's fact (or start an empty one: pieces arrive in any order);
 *  2. merge the piece; nothing new (a redelivery, a replay, a second price) → no writes: the
 *     reaction is idempotent by the fact's state, so the consumer writes no marker for it;
 *  3. if the fact is now complete and was never ranked, read its day's top and decide whether
 *     it wins; the fact is marked counted either way, so it is offered once;
 *  4. record the fact (guarded by its version) and, if it wins, the day's top (guarded by
 *     "the stored top ranks lower"). A lost race on either fails the event, which the queue
 *     retries; the retry reads again and decides again.
 */
export async function recordTaskPiece(
  deps: Pick<AnalyticsDeps, 'facts' | 'tops'>,
  changes: Changes,
  piece: TaskPiece,
  /** The event that brought the piece: kept on the fact, which is all that says it was applied. */
  eventId?: string,
): Promise<void> {
  const stored = (await deps.facts.find(piece.task_id)) ?? emptyFact(piece.task_id);
  const mergedPiece = mergePiece(stored, piece);
  if (!mergedPiece.changed) return;
  const merged =
    eventId === undefined
      ? mergedPiece
      : {
          ...mergedPiece,
          fact: {
            ...mergedPiece.fact,
            applied_events: [...(stored.applied_events ?? []), eventId],
          },
        };

  const ranked = readyToRank(merged.fact);
  if (!ranked) {
    deps.facts.saved(changes, merged.fact);
    return;
  }
  const counted = { ...merged.fact, counted_on: ranked.completed_on };
  const holder = await deps.tops.find(ranked.completed_on);
  deps.facts.saved(changes, counted);
  if (beats(ranked, holder)) deps.tops.offered(changes, ranked);
}
