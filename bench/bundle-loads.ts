/**
 * The cold-start table alone: every function's module-load CPU time with and without source
 * maps, beside an empty module's, against the target; the same as the `bundles` block of
 * `npm run bench`, without writing `bench/results/latest.json`.
 *
 *   npm run bench:bundles [-- --runs 9]
 */
import { parseArgs } from 'node:util';
import { measureBundleLoads } from './lib/bundle-loads';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a whole number, got ${values.runs}`);
const result = await measureBundleLoads(runs);
for (const line of result.lines) console.log(line);
