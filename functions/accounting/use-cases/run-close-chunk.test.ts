import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotEnoughTimeError, withinInvocation } from '#shared/time/invocation-budget';
import { CLOSE_CHUNK_START_SHARE, CLOSE_LANES, CLOSE_PAGE_SIZE, laneOf } from '../domain/close';
import type { AccountingDeps } from '../domain/ports';
import { dayOfThree, earnerOn } from '../test-support/day-of-three';
import {
  balancesMatchLedgers,
  DAY as day,
  memoryAccountingDeps,
  publishedData,
  reacted,
} from '../test-support/memory';
import { RecordingMailer } from '../test-support/recording-mailer';
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

/** `count` earners (+$15 net each) on memory deps, all in one lane of the close. */
async function earnersInOneLane(count: number) {
  const memory = memoryAccountingDeps({
    clock: () => new Date('2026-03-04T00:00:05.000Z'),
    mailer: new RecordingMailer(),
  });
  const { deps } = memory;
  const lane = 3;
  const ids: string[] = [];
  while (ids.length < count) {
    const id = randomUUID();
    if (laneOf(id) === lane) ids.push(id);
  }
  for (const id of ids) await earnerOn(deps, id);
  return { ...memory, lane, ids };
}

/** An invocation with `remaining` ms before its deadline, as Lambda's context tells it. */
const inInvocation = <T>(remaining: number, work: () => Promise<T>) =>
  withinInvocation({ getRemainingTimeInMillis: () => remaining }, work);

describe('a close chunk bounded by its invocation’s remaining time', () => {
  // Date alone is faked: the slow store moves it on, as a page that takes that long would.
  afterEach(() => vi.useRealTimers());

  it('hands the rest of its lane to the next chunk when a slow store leaves no time for another page: nothing lost, nobody paid twice', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { deps, unitOfWork, stores, lane, ids } = await earnersInOneLane(2.5 * CLOSE_PAGE_SIZE);
    await requestClose(deps, { date: day, requestedBy: null }, { correlationId: 'close' });
    await reacted(deps, (changes) => startClose(deps, day, changes));
    // Every read of a page of the lane takes 30 s (the next page's is made while this one is
    // paid): a 90 s invocation holds one page, then its reserve.
    const PAGE_MS = 30_000;
    const slow: AccountingDeps = { ...deps, accounts: Object.create(deps.accounts) };
    slow.accounts.lanePage = async (...page) => {
      vi.setSystemTime(Date.now() + PAGE_MS);
      return deps.accounts.lanePage(...page);
    };
    const invocation = 90_000;
    const chunksOfLane = () =>
      publishedData(unitOfWork, 'accounting.close_chunk_requested').filter(
        (chunk) => (chunk as { lane: number }).lane === lane,
      );
    let delivered = 0;
    for (let chunk = chunksOfLane()[0]; chunk; chunk = chunksOfLane()[++delivered]) {
      // The chunk is delivered twice, the second time after the first committed: it is counted.
      const runIt = () =>
        inInvocation(invocation, () =>
          reacted(slow, (changes) => runCloseChunk(slow, chunk as never, changes)),
        );
      await runIt();
      await runIt();
    }
    // One page a chunk: the lane took three chunks where five pages fit in one without the deadline.
    expect(delivered).toBe(3);
    expect((await deps.closes.laneTallies(day))[lane]).toMatchObject({
      chunks_done: 3,
      accounts: ids.length,
      paid_count: ids.length,
      paid_total_cents: ids.length * 1500,
    });
    for (const id of ids) expect(await deps.accounts.find(id)).toMatchObject({ balance: 0 });
    const paid = publishedData(unitOfWork, 'account.paid').map(
      (p) => (p as { user_id: string }).user_id,
    );
    expect(paid.sort()).toEqual([...ids].sort());
    expect(balancesMatchLedgers(stores)).toBe(true);
  });

  it('is handed back unstarted, writing nothing, when its invocation has too little time left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { deps, lane } = await earnersInOneLane(3);
    await requestClose(deps, { date: day, requestedBy: null }, { correlationId: 'close' });
    await reacted(deps, (changes) => startClose(deps, day, changes));
    const chunk = { date: day, lane, chunk: 1, after: null };
    const changes = deps.unitOfWork.begin({ correlationId: 'late' });
    // The second record of a batch whose first took all but a little under a third of 120 s.
    const late = () => {
      vi.setSystemTime(Date.now() + 120_000 * (1 - CLOSE_CHUNK_START_SHARE) + 1);
      return runCloseChunk(deps, chunk, changes);
    };
    await expect(inInvocation(120_000, late)).rejects.toBeInstanceOf(NotEnoughTimeError);
    expect(changes.isEmpty).toBe(true);
    // In an invocation of its own, the same chunk pays the lane.
    await inInvocation(120_000, () => reacted(deps, (next) => runCloseChunk(deps, chunk, next)));
    expect((await deps.closes.laneTallies(day))[lane]).toMatchObject({
      accounts: 3,
      paid_count: 3,
    });
  });
});
