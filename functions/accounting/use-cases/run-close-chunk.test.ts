import { describe, expect, it } from 'vitest';
import { CLOSE_LANES } from '../domain/close';
import { dayOfThree } from '../test-support/day-of-three';
import { balancesMatchLedgers, DAY as day, publishedData, reacted } from '../test-support/memory';
import { closeStatus } from './close-status';
import { requestClose } from './request-close';
import { runCloseChunk } from './run-close-chunk';
import { sendPayoutMails } from './send-payout-mails';
import { startClose } from './start-close';

describe('the close of a day, on memory deps', () => {
  it('pays positive balances once, carries negative ones, asks for the e-mails, and a redelivered chunk does nothing', async () => {
    const { deps, unitOfWork, stores, mailer, earner, debtor } = await dayOfThree();
    await requestClose(deps, { date: day, requestedBy: null }, { correlationId: 'close' });
    await reacted(deps, (changes) => startClose(deps, day, changes));
    const chunks = publishedData(unitOfWork, 'accounting.close_chunk_requested');
    expect(chunks).toHaveLength(CLOSE_LANES);
    for (const chunk of chunks)
      await reacted(deps, (changes) => runCloseChunk(deps, chunk as never, changes));

    expect(await closeStatus(deps, day)).toMatchObject({
      status: 'done',
      accounts_total: 3,
      paid_count: 1,
      paid_total_cents: 1500,
      carried_negative_count: 1,
    });
    expect(await deps.accounts.find(earner)).toMatchObject({ balance: 0 });
    expect(await deps.accounts.find(debtor)).toMatchObject({ balance: -1500 });
    expect(publishedData(unitOfWork, 'account.paid')).toEqual([
      expect.objectContaining({ user_id: earner, amount_cents: -1500, business_date: day }),
    ]);
    const [mails] = publishedData(unitOfWork, 'accounting.payout_mails_requested');
    expect(mails).toEqual({ date: day, payouts: [{ user_id: earner, amount_cents: 1500 }] });
    expect(balancesMatchLedgers(stores)).toBe(true);

    // A chunk delivered again after it was counted records nothing.
    const again = deps.unitOfWork.begin({ correlationId: 'again' });
    await runCloseChunk(deps, chunks[0] as never, again);
    expect(again.isEmpty).toBe(true);

    // The e-mail goes once, however often its request comes.
    for (const _twice of [1, 2])
      await reacted(deps, (changes) => sendPayoutMails(deps, mails as never, changes));
    expect(mailer.sent.map((mail) => mail.to)).toEqual([`${earner}@uberpopug.test`]);
    expect(mailer.sent[0]!.text).toContain('15.00');
  });
});
