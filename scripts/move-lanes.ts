/**
 * `npm run move-lanes -- [--table <name>]`: moves Accounting's accounts written before the lane
 * index onto it (docs/accounting.md, deploy notes). Run once after deploying the lane index;
 * safe to repeat and to run beside the live system. The work lives in
 * functions/accounting/store/lane-move.ts (tested with the close in close-old-lanes.int.test.ts).
 */
import { parseArgs } from 'node:util';
import '../local/cloud/quiet-sdk-notice';
import { accountingService } from '../functions/accounting/service';
import { moveLanes } from '../functions/accounting/store/lane-move';

const { envVar } = accountingService.table;
const { values } = parseArgs({ options: { table: { type: 'string' } }, strict: true });
const table = values.table ?? process.env[envVar];
if (!table) {
  process.stderr.write(`give --table or set ${envVar} (and AWS_REGION, credentials as usual)\n`);
  process.exit(2);
}
process.stdout.write(`Moving ${table}'s accounts from gsi1's lanes to the lane index\n`);
const result = await moveLanes(table, (lane, { moved, waiting }) =>
  process.stdout.write(`  lane ${lane}: ${moved} moved, ${waiting} not yet listed\n`),
);
process.stdout.write(`Done: ${result.moved} moved, ${result.waiting} not yet listed.\n`);
// Accounts not yet listed keep their old keys (the close still reads them there): run again.
if (result.waiting > 0) process.exitCode = 1;
