import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payoutMailsRequestedV1 } from '#events/accounting/accounting.payout_mails_requested.v1';
import type { RunningServer } from '../../../local/cloud/http-io';
import { startSes } from '../../../local/ses/ses-server';
import type { SesAccount } from '../../../local/ses/ses-account';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { SesMailer } from '../store/ses-mailer';
import {
  busMessageOf,
  deliver,
  drainOwnEvents,
  RecordingMailer,
  testDeps,
  workdayEvents,
} from '../test-support/harness';
import { closeStatus } from '../use-cases/close-status';
import { requestClose } from '../use-cases/request-close';
import { makeAccountingConsumer } from './on-event';

const day = '2026-05-07';
const { assigned, completed, hired } = workdayEvents(day);
const earners = [randomUUID(), randomUUID(), randomUUID()];
let ses: RunningServer & { account: SesAccount };

beforeAll(async () => {
  await createTables([accountingService]);
  // Out of the sandbox, but with room for two e-mails a day.
  ses = await startSes(0, undefined, {
    sandbox: false,
    verified: [],
    maxSendRate: 50,
    max24HourSend: 2,
  });
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
});
afterAll(() => ses.close());

async function inboxSize(): Promise<number> {
  const store = (await (await fetch(`${ses.url}/store`)).json()) as { emails: unknown[] };
  return store.emails.length;
}

describe("payout e-mails against the SES account's 24-hour quota", () => {
  it('sends what the quota allows; the rest wait in the queue, unsent and uncounted, and go out once there is room', async () => {
    const clock = () => new Date(`2026-05-08T00:00:05.000Z`);
    const earning = makeAccountingConsumer(() =>
      testDeps({ clock, mailer: new RecordingMailer() }),
    );
    for (const id of earners) {
      const task = randomUUID();
      expect(await deliver(earning, hired(id), assigned(task, id), completed(task, id))).toEqual(
        [],
      );
    }
    // Pay everyone without e-mails, then ask for the page's e-mails as the close does.
    const paying = testDeps({ clock, mailer: new RecordingMailer() });
    const closing = makeAccountingConsumer(() => paying);
    await requestClose(paying, { date: day, requestedBy: null }, { correlationId: 'quota' });
    await drainOwnEvents(closing, new Set(), {
      names: ['accounting.close_requested', 'accounting.close_chunk_requested'],
    });
    const request = busMessageOf(payoutMailsRequestedV1, {
      date: day,
      payouts: earners.map((id) => ({ user_id: id, amount_cents: 1 })),
    });

    // Today's mailer: two go out, the third is handed back to the queue (the message fails).
    const today = makeAccountingConsumer(() =>
      testDeps({ clock, mailer: new SesMailer({ instances: 1 }) }),
    );
    const [left] = await deliver(today, request);
    expect(left?.message).toMatch(/1 of 3 payout e-mails .* not sent yet.*24-hour sending quota/);
    expect(await inboxSize()).toBe(2);
    // Redelivered while the quota is spent: SES is not asked again, nothing is lost or counted.
    expect(await deliver(today, request)).toHaveLength(1);
    expect(ses.account.stats.overDailyQuota).toBeLessThanOrEqual(1);
    expect(await closeStatus(paying, day)).toMatchObject({ paid_count: 3, undeliverable: 0 });

    // Room again (the oldest sends aged out, or AWS raised the quota): the third goes out, once.
    ses.account.setMax24HourSend(10);
    const tomorrow = makeAccountingConsumer(() =>
      testDeps({ clock, mailer: new SesMailer({ instances: 1 }) }),
    );
    expect(await deliver(tomorrow, request)).toEqual([]);
    expect(await inboxSize()).toBe(3);
    expect(await deliver(tomorrow, request)).toEqual([]);
    expect(await inboxSize()).toBe(3);
  });
});
