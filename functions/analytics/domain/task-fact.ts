import type { BusinessDate } from '#shared/time/business-day';
import type { Cents } from '#shared/money';

/**
 * Everything Analytics knows of one task, gathered from three producers' events that may come
 * in any order: the title from `task.created`, the reward from `task.priced`, the completion
 * from `task.completed`. `counted_on` is set once the task has been offered to its day's
 * ranking, so it is offered exactly once.
 */
export interface TaskFact {
  task_id: string;
  title: string | null;
  jira_id: string | null;
  reward_cents: Cents | null;
  completed_at: string | null;
  completed_on: BusinessDate | null;
  counted_on: BusinessDate | null;
  /** Optimistic-lock counter of the stored item; 0 for a fact not stored yet. */
  version: number;
  /**
   * The ids of the events whose pieces the fact holds. Its reactions leave no processed marker
   * (a merged piece is its own proof), so this is what a verifier (the soak) reads instead.
   */
  applied_events?: readonly string[];
}

/** One event's contribution to a task's fact. */
export type TaskPiece =
  | { kind: 'created'; task_id: string; title: string; jira_id: string | null }
  | { kind: 'priced'; task_id: string; reward_cents: Cents }
  | { kind: 'completed'; task_id: string; completed_at: string; completed_on: BusinessDate };

export const emptyFact = (taskId: string): TaskFact => ({
  task_id: taskId,
  title: null,
  jira_id: null,
  reward_cents: null,
  completed_at: null,
  completed_on: null,
  counted_on: null,
  version: 0,
});

/**
 * Merges a piece into the fact. Each field is set once, by the first event that brings it:
 * a price is set once (REQUIREMENTS, Accounting 2), a task completes once, and a repeated
 * `task.created` (v1 and v2 of the same task) must not rename it. `changed` is false when the
 * piece adds nothing, so a redelivery writes nothing.
 */
export function mergePiece(fact: TaskFact, piece: TaskPiece): { fact: TaskFact; changed: boolean } {
  switch (piece.kind) {
    case 'created':
      if (fact.title !== null) return { fact, changed: false };
      return { fact: { ...fact, title: piece.title, jira_id: piece.jira_id }, changed: true };
    case 'priced':
      if (fact.reward_cents !== null) return { fact, changed: false };
      return { fact: { ...fact, reward_cents: piece.reward_cents }, changed: true };
    case 'completed':
      if (fact.completed_at !== null) return { fact, changed: false };
      return {
        fact: { ...fact, completed_at: piece.completed_at, completed_on: piece.completed_on },
        changed: true,
      };
  }
}

/** A completed task with its title and price: what the "most expensive" ranking needs. */
export interface RankedTask {
  task_id: string;
  title: string;
  jira_id: string | null;
  reward_cents: Cents;
  completed_at: string;
  completed_on: BusinessDate;
}

/**
 * The task as its day's ranking sees it, once every piece is in and it has not been offered
 * yet; otherwise undefined (a piece is still missing, or it already counted).
 */
export function readyToRank(fact: TaskFact): RankedTask | undefined {
  const { title, reward_cents, completed_at, completed_on } = fact;
  if (fact.counted_on !== null) return undefined;
  if (title === null || reward_cents === null || completed_at === null || completed_on === null)
    return undefined;
  return {
    task_id: fact.task_id,
    title,
    jira_id: fact.jira_id,
    reward_cents,
    completed_at,
    completed_on,
  };
}
