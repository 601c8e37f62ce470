import type { BusinessDate } from '#shared/time/business-day';
import type { Cents } from '#shared/money';

/**
 * What Analytics keeps of one task from `task.created` (v1 or v2): its title and jira id,
 * written once. The reward and the completion are not here: the reward movement
 * (`account.rewarded`) says both, and ranks the task by itself (`rewardTop`); the most-expensive
 * answer joins the title from this fact when it is read.
 *
 * A fact written before that change may also hold the reward and completion that
 * `task.priced` and `task.completed` brought, and `counted_on` once it was ranked (the
 * `legacy` fields): they are kept as they are, and such a fact still waiting for its title is
 * ranked when the title comes.
 */
export interface TaskFact {
  task_id: string;
  title: string | null;
  jira_id: string | null;
  /** Optimistic-lock counter of the stored item; 0 for a fact not stored yet. */
  version: number;
  /**
   * The ids of the events the fact holds. Its reaction leaves no processed marker (a set title
   * is its own proof), so this is what a verifier (the soak) reads instead.
   */
  applied_events?: readonly string[];
  /** Written by the former pieces only; absent (null) on a fact written since. */
  legacy?: LegacyPieces;
}

/** The reward and completion a fact got from `task.priced` and `task.completed` before. */
export interface LegacyPieces {
  reward_cents: Cents | null;
  completed_at: string | null;
  completed_on: BusinessDate | null;
  counted_on: BusinessDate | null;
}

/** What `task.created` says of a task (v1's jira id split out of its title). */
export interface TaskCreated {
  task_id: string;
  title: string;
  jira_id: string | null;
}

export const emptyFact = (taskId: string): TaskFact => ({
  task_id: taskId,
  title: null,
  jira_id: null,
  version: 0,
});

/**
 * The fact with the task's title, or undefined when it has one already: a repeated
 * `task.created` (v1 and v2 of the same task, a redelivery, a replay) must not rename it, and
 * writes nothing.
 */
export const titled = (fact: TaskFact, created: TaskCreated): TaskFact | undefined =>
  fact.title !== null ? undefined : { ...fact, title: created.title, jira_id: created.jira_id };

/**
 * A day's most expensive task as the ranking keeps it: the reward and when it was completed.
 * The title is not part of it; the answer joins it from the task's fact.
 */
export interface DayTop {
  task_id: string;
  reward_cents: Cents;
  completed_at: string;
  completed_on: BusinessDate;
}

/**
 * A former fact that got its reward and completion from the old pieces, was never ranked, and
 * has its title now: the day's top it offers (once: the caller marks it `counted_on`).
 */
export function legacyReadyToRank(fact: TaskFact): DayTop | undefined {
  const legacy = fact.legacy;
  if (!legacy || legacy.counted_on !== null || fact.title === null) return undefined;
  const { reward_cents, completed_at, completed_on } = legacy;
  if (reward_cents === null || completed_at === null || completed_on === null) return undefined;
  return { task_id: fact.task_id, reward_cents, completed_at, completed_on };
}
