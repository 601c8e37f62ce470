/**
 * Runs one benchmark block in this fresh process and writes its result where `run.ts` asks:
 *
 *   run-block.ts <out.json> <block> quick|full '<floor figures JSON>' [--workers=N] [--faults=…]
 */
import '../local/cloud/quiet-sdk-notice';
import '../local/cloud/xray-manual-mode';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BLOCKS, type BlockName } from './blocks';
import { hiredWorkersOf } from './lib/company-size';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { workers: { type: 'string' }, faults: { type: 'string' } },
});
const [out, name, mode, floor] = positionals as [string, BlockName, string, string];
const result = await BLOCKS[name]({
  quick: mode === 'quick',
  floor: JSON.parse(floor),
  workers: hiredWorkersOf(values.workers),
  ...(values.faults ? { faults: values.faults } : {}),
});
writeFileSync(out, JSON.stringify(result));
// Handlers keep SDK sockets and timers alive; the block is over.
process.exit(0);
