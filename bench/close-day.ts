/**
 * The daily close of many accounts on the local cloud (in memory), fired by Accounting's own
 * schedule: prints the total time, accounts per second, the longest single invocation of the
 * consumer, and when the last payout e-mail was sent.
 *
 *   npx tsx bench/close-day.ts --accounts 100000
 *
 * The accounts are written straight into the table (a third in credit, a third in debt, a third
 * at zero); the close and the e-mails then run exactly as in AWS: the fan-out through
 * Accounting's own events, one chunk of 100 accounts per message, 16 lanes side by side.
 */
import '../local/quiet-sdk-notice';
import { parseArgs } from 'node:util';
import { accountingService } from '../functions/accounting/service';
import { describeFigures, measureClose } from '../functions/accounting/test-support/close-scale';
import { startLocalCloud } from '../local/cloud';

const { values } = parseArgs({ options: { accounts: { type: 'string', default: '100000' } } });
const ACCOUNTS = Number(values.accounts);

const cloud = await startLocalCloud({
  inMemory: true,
  quiet: true,
  services: [accountingService],
  ses: true,
  scheduler: true,
});
try {
  const figures = await measureClose(cloud, ACCOUNTS, (line) => console.log(line));
  console.log(describeFigures(figures));
  console.table([figures]);
  if (cloud.deadLetters.list().length > 0)
    console.log(`${cloud.deadLetters.list().length} dead letter(s): npm run dlq -- list`);
} finally {
  await cloud.stop();
}
