import type { RandomInt } from '#shared/random';
import { cents, type Cents } from '#shared/money';

/** An integer in [0, maxExclusive); production passes `crypto.randomInt`, tests a fixed sequence. */
export type { RandomInt };

export interface Price {
  fee: Cents;
  reward: Cents;
}

/** Whole dollars only: the fee is $10–$20 and the reward $20–$40, both ends included. */
export const FEE_DOLLARS = { min: 10, max: 20 } as const;
export const REWARD_DOLLARS = { min: 20, max: 40 } as const;

const wholeDollars = (range: { min: number; max: number }, random: RandomInt): Cents =>
  cents((range.min + random(range.max - range.min + 1)) * 100);

/** A task's price, independent of who does it. Rolled once: callers store it before using it. */
export const rollPrice = (random: RandomInt): Price => ({
  fee: wholeDollars(FEE_DOLLARS, random),
  reward: wholeDollars(REWARD_DOLLARS, random),
});
