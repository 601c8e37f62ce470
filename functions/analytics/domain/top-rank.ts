import type { BusinessDate } from '#shared/time/business-day';
import { cents } from '#shared/money';
import type { DayTop } from './task-fact';

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

export function rankKey(task: Pick<DayTop, 'reward_cents' | 'completed_at' | 'task_id'>): string {
  const reward = String(task.reward_cents).padStart(REWARD_DIGITS, '0');
  const earlierFirst = String(LATEST_MS - Date.parse(task.completed_at)).padStart(TIME_DIGITS, '0');
  return `${reward}#${earlierFirst}#${mirrorId(task.task_id)}`;
}

/** True when `challenger` beats `holder` (or there is no holder yet). */
export const beats = (challenger: DayTop, holder: DayTop | undefined): boolean =>
  holder === undefined || rankKey(challenger) > rankKey(holder);

/** The winner among several (undefined for none). */
export const topOf = <T extends DayTop>(tasks: readonly T[]): T | undefined =>
  tasks.reduce<T | undefined>((best, task) => (beats(task, best) ? task : best), undefined);

/**
 * A reward movement as its completion day's ranking sees it: Accounting credits the reward at
 * the completion (`at` is the task's `completed_at`) and dates it on the completion's business
 * day, once per task. Undefined for a movement of no task.
 */
export const rewardTop = (reward: {
  task_id: string | null;
  amount_cents: number;
  at: string;
  business_date: BusinessDate;
}): DayTop | undefined =>
  reward.task_id === null
    ? undefined
    : {
        task_id: reward.task_id,
        reward_cents: cents(reward.amount_cents),
        completed_at: reward.at,
        completed_on: reward.business_date,
      };
