import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payoutMailsRequestedV1 } from '#events/accounting/accounting.payout_mails_requested.v1';
import type { RunningServer } from '../../../local/cloud/http-io';
import { startSes } from '../../../local/ses/ses-server';
import type { SesAccount } from '../../../local/ses/ses-account';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { senderEmail } from '../sender';
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

const day = '2026-05-05';
const { assigned, completed, hired } = workdayEvents(day);
const addressOf = (id: string) => `${id.slice(0, 8)}@uberpopug.test`;
const verifiedEarner = randomUUID();
const unverifiedEarner = randomUUID();
let ses: RunningServer & { account: SesAccount };

beforeAll(async () => {
  await createTables([accountingService]);
  // A new account's SES: in the sandbox, only the sender and one earner verified.
  ses = await startSes(0, undefined, {
    sandbox: true,
    verified: [senderEmail(), addressOf(verifiedEarner)],
    maxSendRate: 1,
  });
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
});
afterAll(() => ses.close());

/** The inbox's recipients, as aws-ses-v2-local keeps them. */
async function inbox(): Promise<string[]> {
  const store = (await (await fetch(`${ses.url}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  return store.emails.flatMap((email) => email.destination.to);
}

describe('payout e-mails through a sandboxed SES', () => {
  it('records an unverified recipient undeliverable, counts it in the close once, and never sends it again', async () => {
    const clock = () => new Date(`2026-05-06T00:00:05.000Z`);
    const earning = makeAccountingConsumer(() =>
      testDeps({ clock, mailer: new RecordingMailer() }),
    );
    for (const id of [verifiedEarner, unverifiedEarner]) {
      const task = randomUUID();
      expect(await deliver(earning, hired(id), assigned(task, id), completed(task, id))).toEqual(
        [],
      );
    }
    // The real mailer, as the deployed consumer runs it (its IAM: SendEmail and GetAccount).
    const deps = testDeps({ clock, mailer: new SesMailer({ instances: 1 }) });
    const consumer = makeAccountingConsumer(() => deps);
    await requestClose(deps, { date: day, requestedBy: null }, { correlationId: 'sandbox' });
    // The close's own events: the chunks pay, and each page's e-mails are sent.
    await drainOwnEvents(consumer, new Set(), {
      names: [
        'accounting.close_requested',
        'accounting.close_chunk_requested',
        'accounting.payout_mails_requested',
      ],
    });

    expect(await inbox()).toEqual([addressOf(verifiedEarner)]);
    expect(ses.account.stats.rejected).toBe(1);
    expect(await closeStatus(deps, day)).toMatchObject({
      status: 'done',
      paid_count: 2,
      undeliverable: 1,
    });

    // Asked again for both (a redelivery): nobody is sent anything, nothing is counted twice.
    const again = busMessageOf(payoutMailsRequestedV1, {
      date: day,
      payouts: [verifiedEarner, unverifiedEarner].map((id) => ({ user_id: id, amount_cents: 1 })),
    });
    expect(await deliver(consumer, again)).toEqual([]);
    expect(ses.account.stats.rejected).toBe(1);
    expect(await inbox()).toEqual([addressOf(verifiedEarner)]);
    expect(await closeStatus(deps, day)).toMatchObject({ undeliverable: 1 });
  });
});
