import type { RankedTask } from './task-fact';

/**
 * The most expensive task of a period: the highest reward wins; on equal rewards the earlier
 * completion wins, then the smaller task id (plain string order of the UUID). The rule is a
 * total order, so the winner does not depend on the order events arrive in.
 *
 * `rankKey` writes that order as one string whose plain (byte) order is the rule's order, so
 * DynamoDB can enforce "higher wins" in a condition (`#rank < :rank`) without reading first.
 */
const REWARD_DIGITS = 12;
const TIME_DIGITS = 15;
const LATEST_MS = 10 ** TIME_DIGITS - 1;

/** Hex and dash characters of a UUID, each replaced by its mirror so smaller ids sort higher. */
const mirrorId = (id: string) =>
  [...id.toLowerCase()]
    .map((c) => {
      const digit = parseInt(c, 16);
      return Number.isNaN(digit) ? '-' : (15 - digit).toString(16);
    })
    .join('');

export function rankKey(
  task: Pick<RankedTask, 'reward_cents' | 'completed_at' | 'task_id'>,
): string {
  const reward = String(task.reward_cents).padStart(REWARD_DIGITS, '0');
  const earlierFirst = String(LATEST_MS - Date.parse(task.completed_at)).padStart(TIME_DIGITS, '0');
  return `${reward}#${earlierFirst}#${mirrorId(task.task_id)}`;
}

/** True when `challenger` beats `holder` (or there is no holder yet). */
export const beats = (challenger: RankedTask, holder: RankedTask | undefined): boolean =>
  holder === undefined || rankKey(challenger) > rankKey(holder);

/** The winner among several (undefined for none). */
export const topOf = <T extends RankedTask>(tasks: readonly T[]): T | undefined =>
  tasks.reduce<T | undefined>((best, task) => (beats(task, best) ? task : best), undefined);
