/** Runs one benchmark block in this fresh process and writes its result where `run.ts` asks. */
import '../local/cloud/quiet-sdk-notice';
import { writeFileSync } from 'node:fs';
import { BLOCKS, type BlockName } from './blocks';

const [name, out, mode, floor] = process.argv.slice(2) as [BlockName, string, string, string];
const result = await BLOCKS[name]({ quick: mode === 'quick', floor: JSON.parse(floor) });
writeFileSync(out, JSON.stringify(result));
// Handlers keep SDK sockets and timers alive; the block is over.
process.exit(0);
