import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountingService } from '../functions/accounting/service';
import { describeFigures, measureClose } from './support/measure-close';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { startTestCloud } from './support/cloud';

// @heavy: a close of a hundred and more accounts through the local cloud (test/support/heavy.ts)

/**
 * The daily close at scale on the local cloud, fired by its schedule: every account walked once
 * through the lanes, every positive balance paid and e-mailed once. ACCOUNTING_CLOSE_ACCOUNTS sets
 * the size (default 120, every lane's page holding several; 300 before issue 24's budget, still
 * one page a lane of 100); `npx tsx bench/close-day.ts --accounts 100000` runs the full size.
 */
const ACCOUNTS = Number(process.env.ACCOUNTING_CLOSE_ACCOUNTS ?? 120);
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud([accountingService], { ses: true, scheduler: true });
}, 120_000);
afterAll(() => cloud?.stop());

describe(`the daily close of ${ACCOUNTS} accounts`, () => {
  it('pays every positive balance once and reports the figures', { timeout: 600_000 }, async () => {
    const figures = await measureClose(cloud, ACCOUNTS);
    console.info(`local cloud: ${describeFigures(figures)}`);
    const positive = Math.ceil(ACCOUNTS / 3);
    expect(figures).toMatchObject({
      accounts: ACCOUNTS,
      paidCount: positive,
      carriedNegativeCount: Math.ceil((ACCOUNTS - 1) / 3),
      mails: positive,
    });
    expect(cloud.deadLetters.list()).toEqual([]);
  });
});
