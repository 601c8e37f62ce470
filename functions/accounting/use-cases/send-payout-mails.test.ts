import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withinInvocation } from '#shared/time/invocation-budget';
import { payoutId } from '../domain/ids';
import { MAIL_LEASE_MS, MailBusyError, PayoutMailsLeftError } from '../domain/mailing';
import type { MailingDeps } from '../domain/ports';
import { dayOfThree, earnerOn } from '../test-support/day-of-three';
import { DAY as day, publishedData, reacted } from '../test-support/memory';
import { requestClose } from './request-close';
import { runCloseChunk } from './run-close-chunk';
import { sendPayoutMails } from './send-payout-mails';
import { startClose } from './start-close';

/**
 * Two earners paid by the close of `day` on memory deps, their e-mails not sent yet, and the
 * request that asks for both (as one page of the close would).
 */
async function twoPaid() {
  const three = await dayOfThree();
  const { deps, earner } = three;
  const second = randomUUID();
  await earnerOn(deps, second);
  await requestClose(deps, { date: day, requestedBy: null }, { correlationId: 'close' });
  await reacted(deps, (changes) => startClose(deps, day, changes));
  for (const chunk of publishedData(three.unitOfWork, 'accounting.close_chunk_requested'))
    await reacted(deps, (changes) => runCloseChunk(deps, chunk as never, changes));
  const payouts = publishedData(three.unitOfWork, 'accounting.payout_mails_requested').flatMap(
    (page) => (page as { payouts: { user_id: string; amount_cents: number }[] }).payouts,
  );
  expect(payouts.map((p) => p.user_id).sort()).toEqual([earner, second].sort());
  return { ...three, request: { date: day, payouts }, held: earner, free: second };
}

/** Another delivery's reservation of `userId`'s e-mail, and how it ends. */
async function heldByAnother(deps: MailingDeps, userId: string) {
  const id = payoutId(userId, day);
  const reservation = await deps.mailLog.reserve(id, deps.clock(), MAIL_LEASE_MS);
  if (reservation.kind !== 'reserved') throw new Error(`not reserved: ${reservation.kind}`);
  return {
    sent: () =>
      reacted(deps, async (changes) =>
        deps.mailLog.sent(changes, id, reservation.token, 'sent-by-the-other', deps.clock()),
      ),
    released: () => deps.mailLog.release(id, reservation.token),
  };
}

/** The page as the consumer runs it: in an invocation with `remainingMs` left. */
const deliveredWith = (
  deps: MailingDeps,
  request: Awaited<ReturnType<typeof twoPaid>>['request'],
  remainingMs?: number,
) => {
  const page = () => reacted(deps, (changes) => sendPayoutMails(deps, request, changes));
  return remainingMs === undefined
    ? page()
    : withinInvocation({ getRemainingTimeInMillis: () => remainingMs }, page);
};

const after = (ms: number, action: () => Promise<unknown>) =>
  new Promise((resolve) => setTimeout(resolve, ms)).then(action);

describe('a payout page that finds an e-mail another delivery is sending', () => {
  it('waits for that delivery, and sends nothing it sent', async () => {
    const { deps, mailer, request, held, free } = await twoPaid();
    const other = await heldByAnother(deps, held);
    await Promise.all([deliveredWith(deps, request, 5_000), after(300, other.sent)]);
    // Its own e-mail went out; the held one was the other delivery's, sent once, by it.
    expect(mailer.sent.map((m) => m.to)).toEqual([`${free}@uberpopug.test`]);
    await deliveredWith(deps, request, 5_000);
    expect(mailer.sent).toHaveLength(1);
  });

  it('sends an e-mail that delivery released after a failed send', async () => {
    const { deps, mailer, request, held } = await twoPaid();
    const other = await heldByAnother(deps, held);
    await Promise.all([deliveredWith(deps, request, 5_000), after(300, other.released)]);
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(
      request.payouts.map((p) => `${p.user_id}@uberpopug.test`).sort(),
    );
  });

  it('leaves it for the retry when it is still held as the invocation nears its end, its own e-mail confirmed', async () => {
    const { deps, mailer, request, held, free } = await twoPaid();
    await heldByAnother(deps, held);
    const started = performance.now();
    const failure = await deliveredWith(deps, request, 1_200).catch((error: unknown) => error);
    const waited = performance.now() - started;
    expect(failure).toBeInstanceOf(PayoutMailsLeftError);
    const [busy] = (failure as PayoutMailsLeftError).errors;
    expect(busy).toBeInstanceOf(MailBusyError);
    expect((busy as Error).message).toMatch(/still sending .* after \d+ ms of waiting/);
    // It looked again after 100, 200 and 400 ms, and no more: the next look (800 ms on) would
    // have left less than the last sixth of the invocation.
    expect(waited).toBeGreaterThanOrEqual(650);
    expect(waited).toBeLessThan(1_200);
    // Its own e-mail was confirmed with the failure: a retry does not send it again.
    expect(mailer.sent.map((m) => m.to)).toEqual([`${free}@uberpopug.test`]);
    await deliveredWith(deps, request, 1_200).catch(() => undefined);
    expect(mailer.sent).toHaveLength(1);
  });

  it('confirms its own e-mails before it waits: a delivery waiting for those in turn is not held up', async () => {
    const { deps, stores, mailer, request, held, free } = await twoPaid();
    const other = await heldByAnother(deps, held);
    // The other delivery holds one e-mail and settles it only once it sees this one's sent (two
    // overlapping pages, each holding some of the other's).
    const freeId = payoutId(free, day);
    const otherWaitsForOurs = async () => {
      while (stores.mailLog.mails.get(freeId)?.status !== 'sent')
        await new Promise((resolve) => setTimeout(resolve, 50));
      await other.sent();
    };
    const started = performance.now();
    await Promise.all([deliveredWith(deps, request, 5_000), otherWaitsForOurs()]);
    // Done within a few looks, not at the end of the invocation's wait.
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(mailer.sent.map((m) => m.to)).toEqual([`${free}@uberpopug.test`]);
  });

  it('does not wait outside an invocation, where nothing bounds the wait', async () => {
    const { deps, request, held } = await twoPaid();
    await heldByAnother(deps, held);
    await expect(deliveredWith(deps, request)).rejects.toThrow(/still sending .* after 0 ms/);
  });

  it('reports a look that fails with the page, and still confirms its own e-mail', async () => {
    const { deps, mailer, request, held, free } = await twoPaid();
    await heldByAnother(deps, held);
    const refused = new Error('ProvisionedThroughputExceededException (test)');
    const mailLog = Object.create(deps.mailLog) as MailingDeps['mailLog'];
    const heldId = payoutId(held, day);
    let reservesOfHeld = 0;
    mailLog.reserve = async (...args) => {
      // The first is the page's own reservation, the second its first look.
      if (args[0] === heldId && ++reservesOfHeld === 2) throw refused;
      return deps.mailLog.reserve(...args);
    };
    const failing = { ...deps, mailLog };
    const failure = await deliveredWith(failing, request, 5_000).catch((error: unknown) => error);
    expect((failure as PayoutMailsLeftError).errors).toEqual([refused]);
    expect(mailer.sent.map((m) => m.to)).toEqual([`${free}@uberpopug.test`]);
    await deliveredWith(deps, request, 1_200).catch(() => undefined);
    expect(mailer.sent).toHaveLength(1);
  });
});
