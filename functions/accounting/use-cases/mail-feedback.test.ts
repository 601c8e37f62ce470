import { describe, expect, it } from 'vitest';
import { dayOfThree } from '../test-support/day-of-three';
import { DAY as day, publishedData, reacted } from '../test-support/memory';
import type { MailingDeps } from '../domain/ports';
import type { MailFeedback } from '../domain/suppression';
import { clearSuppression } from './clear-suppression';
import { closeStatus } from './close-status';
import { listSuppressions } from './list-suppressions';
import { recordMailFeedback } from './record-mail-feedback';
import { requestClose } from './request-close';
import { runCloseChunk } from './run-close-chunk';
import { sendPayoutMails } from './send-payout-mails';
import { startClose } from './start-close';
import type { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';

const address = 'Kiwi@UberPopug.test';
const bounceAt = (iso: string): MailFeedback => ({
  email: address,
  reason: 'bounce',
  at: new Date(iso),
  detail: 'Permanent/General',
});
const feedback = (deps: MailingDeps, ...reports: MailFeedback[]) =>
  reacted(deps, (changes) => recordMailFeedback(deps, reports, changes));
const clearAt = (deps: MailingDeps, iso: string) =>
  clearSuppression(
    { ...deps, clock: () => new Date(iso) },
    { email: address, clearedBy: 'admin-1' },
    { correlationId: 'clear' },
  );
const suppressed = async (deps: MailingDeps) =>
  (await listSuppressions(deps)).suppressions.map((s) => s.email);

/** The whole close of `day` on memory deps, and its payout e-mails sent. */
async function closeAndMail(deps: MailingDeps, unitOfWork: MemoryUnitOfWork) {
  await requestClose(deps, { date: day, requestedBy: null }, { correlationId: 'close' });
  await reacted(deps, (changes) => startClose(deps, day, changes));
  for (const chunk of publishedData(unitOfWork, 'accounting.close_chunk_requested'))
    await reacted(deps, (changes) => runCloseChunk(deps, chunk as never, changes));
  // Twice: a redelivered request neither sends nor counts again.
  for (const mails of publishedData(unitOfWork, 'accounting.payout_mails_requested'))
    for (const _twice of [1, 2])
      await reacted(deps, (changes) => sendPayoutMails(deps, mails as never, changes));
  return closeStatus(deps, day);
}

describe('bounces and complaints suppress an address until an admin clears it', () => {
  it('suppresses on feedback, ignores a duplicate, and a bounce replayed after a clear is decided by its own time', async () => {
    const { deps } = await dayOfThree();
    await feedback(deps, bounceAt('2026-03-04T10:00:00Z'));
    expect(await suppressed(deps)).toEqual(['kiwi@uberpopug.test']);
    // The same bounce again: nothing to write.
    const again = deps.unitOfWork.begin({ correlationId: 'again' });
    await recordMailFeedback(deps, [bounceAt('2026-03-04T10:00:00Z')], again);
    expect(again.isEmpty).toBe(true);

    const cleared = await clearAt(deps, '2026-03-04T11:00:00Z');
    expect(cleared).toMatchObject({ suppressed: false, cleared_by: 'admin-1' });
    expect(await suppressed(deps)).toEqual([]);
    // A bounce SES saw before the clear, delivered (or replayed) after it: the clear stands.
    await feedback(deps, bounceAt('2026-03-04T10:30:00Z'));
    expect(await suppressed(deps)).toEqual([]);
    // One SES saw after the clear suppresses again.
    await feedback(deps, bounceAt('2026-03-04T11:30:00Z'));
    expect(await suppressed(deps)).toEqual(['kiwi@uberpopug.test']);
  });

  it('ends the same whichever of a clear and a later complaint is applied first', async () => {
    const { deps } = await dayOfThree();
    await feedback(deps, bounceAt('2026-03-04T09:00:00Z'));
    const complaint: MailFeedback = {
      ...bounceAt('2026-03-04T12:00:00Z'),
      reason: 'complaint',
      detail: 'abuse',
    };
    await clearAt(deps, '2026-03-04T11:00:00Z');
    await feedback(deps, complaint);

    const other = (await dayOfThree()).deps;
    await feedback(other, bounceAt('2026-03-04T09:00:00Z'));
    await feedback(other, complaint);
    // The complaint came after the clear: clearing it needs a clear after the complaint.
    await expect(clearAt(other, '2026-03-04T11:00:00Z')).resolves.toMatchObject({
      suppressed: true,
    });
    expect(await listSuppressions(other)).toEqual(await listSuppressions(deps));
    expect(await suppressed(deps)).toEqual(['kiwi@uberpopug.test']);
  });

  it('refuses to clear an address that is not suppressed (404)', async () => {
    const { deps } = await dayOfThree();
    await expect(clearAt(deps, '2026-03-04T11:00:00Z')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it("skips a suppressed address in the close's e-mails, counted undeliverable once; cleared, it is mailed", async () => {
    const { deps, unitOfWork, mailer, earner } = await dayOfThree();
    const earnerAddress = `${earner}@uberpopug.test`;
    await feedback(deps, { ...bounceAt('2026-03-03T20:00:00Z'), email: earnerAddress });
    const close = await closeAndMail(deps, unitOfWork);
    expect(mailer.sent).toEqual([]);
    expect(close).toMatchObject({ paid_count: 1, paid_total_cents: 1500, undeliverable: 1 });
    // The money is paid all the same.
    expect(await deps.accounts.find(earner)).toMatchObject({ balance: 0 });

    const cleared = await dayOfThree();
    await feedback(cleared.deps, {
      ...bounceAt('2026-03-03T20:00:00Z'),
      email: `${cleared.earner}@uberpopug.test`,
    });
    await clearSuppression(
      cleared.deps,
      { email: `${cleared.earner}@uberpopug.test`, clearedBy: 'admin-1' },
      { correlationId: 'clear' },
    );
    expect(await closeAndMail(cleared.deps, cleared.unitOfWork)).toMatchObject({
      undeliverable: 0,
    });
    expect(cleared.mailer.sent.map((mail) => mail.to)).toEqual([
      `${cleared.earner}@uberpopug.test`,
    ]);
  });
});
