import type { Changes } from '#shared/unit-of-work/changes';
import type { AnalyticsDeps } from '../domain/ports';
import { emptyFact, legacyReadyToRank, titled, type TaskCreated } from '../domain/task-fact';
import { beats } from '../domain/top-rank';

/**
 * Reaction to `task.created` (v1 or v2): the task's title and jira id, kept once in its fact
 * for the most-expensive answer to join. The ranking itself comes from the reward movement
 * (`recordMovement`), so this is one write per task.
 *  1. read the task's fact (a former one may hold a reward and completion already);
 *  2. a title already there (a redelivery, a replay, the other version) → no writes: the
 *     reaction is idempotent by the fact's state, so the consumer writes no marker for it;
 *  3. a former fact that got its reward and completion from the old pieces and waited only for
 *     its title: read its day's top and decide whether it wins; marked counted either way;
 *  4. record the fact (guarded by its version) and, if it wins, the day's top (guarded by
 *     "the stored top ranks lower"). A lost race fails the event, which the consumer retries.
 */
export async function recordTaskCreated(
  deps: Pick<AnalyticsDeps, 'facts' | 'tops'>,
  changes: Changes,
  created: TaskCreated,
  /** The event that brought it: kept on the fact, which is all that says it was applied. */
  eventId?: string,
): Promise<void> {
  const stored = (await deps.facts.find(created.task_id)) ?? emptyFact(created.task_id);
  const named = titled(stored, created);
  if (!named) return;
  const fact =
    eventId === undefined
      ? named
      : { ...named, applied_events: [...(stored.applied_events ?? []), eventId] };

  const waiting = legacyReadyToRank(fact);
  if (!waiting) {
    deps.facts.saved(changes, fact);
    return;
  }
  const holder = await deps.tops.find(waiting.completed_on);
  deps.facts.saved(changes, {
    ...fact,
    legacy: { ...fact.legacy!, counted_on: waiting.completed_on },
  });
  if (beats(waiting, holder)) deps.tops.offered(changes, waiting);
}
