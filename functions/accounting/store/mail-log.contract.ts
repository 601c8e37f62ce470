import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import type { AccountingDeps } from '../domain/ports';

const now = new Date('2026-03-04T00:01:00.000Z');
const LEASE = 60_000;

/** What sending payout e-mails relies on from a MailLog, on any adapter. */
export function mailLogContract(setup: () => AccountingDeps) {
  it('reserves a free e-mail once: a live reservation is busy, a sent one is sent', async () => {
    const deps = setup();
    const [a, b] = [randomUUID(), randomUUID()];
    const reserved = await deps.mailLog.reserveMany([a, b], now, LEASE);
    expect(reserved.get(a)).toMatchObject({ kind: 'reserved' });
    expect(await deps.mailLog.reserve(a, now, LEASE)).toEqual({ kind: 'busy' });
    const token = (reserved.get(a) as { token: string }).token;
    const changes = deps.unitOfWork.begin({ correlationId: 'mail-contract' });
    deps.mailLog.sent(changes, a, token, 'msg-1', now);
    await deps.unitOfWork.commit(changes);
    const again = await deps.mailLog.reserveMany([a, b], now, LEASE);
    expect(again.get(a)).toEqual({ kind: 'sent' });
    expect(again.get(b)).toEqual({ kind: 'busy' });
  });

  it('refuses to settle a reservation that is not ours (`reservation_is_ours`); a released one is free again', async () => {
    const deps = setup();
    const id = randomUUID();
    const reservation = await deps.mailLog.reserve(id, now, LEASE);
    const changes = deps.unitOfWork.begin({ correlationId: 'mail-contract' });
    deps.mailLog.undeliverable(changes, id, 'not-our-token', 'rejected', now);
    const refused = await deps.unitOfWork.commit(changes).catch((e: unknown) => e);
    expect((refused as ConditionsFailed).guards).toEqual(['reservation_is_ours']);
    await deps.mailLog.release(id, (reservation as { token: string }).token);
    expect(await deps.mailLog.reserve(id, now, LEASE)).toMatchObject({ kind: 'reserved' });
  });
}
