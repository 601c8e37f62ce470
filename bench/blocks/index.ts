import type { Block } from '../lib/block';
import { api } from './api';
import { bundles } from './bundles';
import { cost } from './cost';
import { eventLatency } from './event-latency';
import { floor } from './floor';
import { lifecycle } from './lifecycle';
import { reshuffle } from './reshuffle';

/** Every block, in the order a run takes them: the floor first, the others print ratios to it. */
export const BLOCKS = {
  floor,
  bundles,
  'event-latency': eventLatency,
  api,
  reshuffle,
  lifecycle,
  cost,
} satisfies Record<string, Block>;

export type BlockName = keyof typeof BLOCKS;
export const BLOCK_NAMES = Object.keys(BLOCKS) as BlockName[];
