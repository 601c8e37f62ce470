import { randomUUID } from 'node:crypto';
import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { MailLog, MailReservation } from '../../domain/ports';

interface MailRecord {
  status: 'sending' | 'sent' | 'undeliverable';
  token: string;
  leaseUntil?: number;
  messageId?: string;
  rejectedReason?: string;
}

/** Free, or reserved by a sender whose lease ran out. */
const reservable = (mail: MailRecord | undefined, now: Date) =>
  mail === undefined || (mail.status === 'sending' && (mail.leaseUntil ?? 0) < now.getTime());

/** The payout e-mails' reserve → send → confirm record, in memory. */
export class MemoryMailLog implements MailLog {
  readonly mails = new MemoryTable<MailRecord>('mails');

  async reserve(payoutId: string, now: Date, leaseMs: number): Promise<MailReservation> {
    const held = this.mails.get(payoutId);
    if (!reservable(held, now))
      return held!.status === 'sending' ? { kind: 'busy' } : { kind: held!.status };
    const token = randomUUID();
    this.mails.seed(payoutId, { status: 'sending', token, leaseUntil: now.getTime() + leaseMs });
    return { kind: 'reserved', token };
  }

  async reserveMany(payoutIds: readonly string[], now: Date, leaseMs: number) {
    const each = [];
    for (const payoutId of payoutIds)
      each.push([payoutId, await this.reserve(payoutId, now, leaseMs)] as const);
    return new Map<string, MailReservation>(each);
  }

  async release(payoutId: string, token: string): Promise<void> {
    const held = this.mails.get(payoutId);
    if (held?.token === token && held.status === 'sending')
      this.mails.seed(payoutId, { ...held, leaseUntil: 0 });
  }

  sent(changes: Changes, payoutId: string, token: string, messageId: string): void {
    this.settle(changes, payoutId, token, { status: 'sent', token, messageId });
  }

  undeliverable(changes: Changes, payoutId: string, token: string, reason: string): void {
    this.settle(changes, payoutId, token, {
      status: 'undeliverable',
      token,
      rejectedReason: reason,
    });
  }

  private settle(changes: Changes, payoutId: string, token: string, outcome: MailRecord) {
    changes.write(
      this.mails.put(payoutId, outcome, {
        guard: 'reservation_is_ours',
        when: (held) => held?.token === token,
      }),
    );
  }
}
