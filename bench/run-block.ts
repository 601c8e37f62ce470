/** Runs one benchmark block in this fresh process and writes its result where `run.ts` asks. */
import '../local/cloud/quiet-sdk-notice';
import '../local/cloud/xray-manual-mode';
import { writeFileSync } from 'node:fs';
import { BLOCKS, type BlockName } from './blocks';

const [name, out, mode, floor, faults] = process.argv.slice(2) as [
  BlockName,
  string,
  string,
  string,
  string | undefined,
];
const result = await BLOCKS[name]({
  quick: mode === 'quick',
  floor: JSON.parse(floor),
  ...(faults ? { faults } : {}),
});
writeFileSync(out, JSON.stringify(result));
// Handlers keep SDK sockets and timers alive; the block is over.
process.exit(0);
