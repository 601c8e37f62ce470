import type { Block } from '../lib/block';
import { measureBundleLoads } from '../lib/bundle-loads';

/**
 * The cold-start measure: each function's module-load CPU time, with and without source maps,
 * beside an empty module's and against issue 25's target (`bench/lib/bundle-loads.ts`).
 * `npm run bench:bundles` prints the same table alone.
 */
export const bundles: Block = async ({ quick }) => measureBundleLoads(quick ? 5 : 9);
