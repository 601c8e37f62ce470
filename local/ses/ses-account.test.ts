import {
  GetAccountCommand,
  MessageRejected,
  SendEmailCommand,
  SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../cloud/http-io';
import { oneTrySesClient } from '../../test/support/mailer-ses';
import { startSes } from './ses-server';
import type { SesAccount } from './ses-account';

let ses: RunningServer & { account: SesAccount };
let client: SESv2Client;

beforeAll(async () => {
  ses = await startSes(0, undefined, {
    sandbox: true,
    verified: ['payouts@uberpopug.test', 'kiwi@uberpopug.test', 'verified.test'],
    maxSendRate: 2,
  });
  client = oneTrySesClient(ses.url);
});
afterAll(async () => {
  client.destroy();
  await ses.close();
});

const sendTo = (to: string, from = 'payouts@uberpopug.test') =>
  client.send(
    new SendEmailCommand({
      FromEmailAddress: from,
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: 'Payout' }, Body: { Text: { Data: '$7.00' } } } },
    }),
  );
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the local SES account', () => {
  it('reports its send rate and sandbox in GetAccount, as SES v2 does', async () => {
    const account = await client.send(new GetAccountCommand({}));
    expect(account.SendQuota?.MaxSendRate).toBe(2);
    expect(account.ProductionAccessEnabled).toBe(false);
  });

  it('in the sandbox refuses an unverified recipient or sender with MessageRejected, and delivers to verified ones', async () => {
    await pause(1000); // a full bucket: the refusals below are not about the rate
    const refused = await sendTo('kea@uberpopug.test').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MessageRejected);
    expect((refused as Error).message).toMatch(/not verified.*kea@uberpopug\.test/);
    const badSender = await sendTo('kiwi@uberpopug.test', 'x@elsewhere.test').catch(
      (e: unknown) => e,
    );
    expect(badSender).toBeInstanceOf(MessageRejected);
    expect(ses.account.stats.rejected).toBe(2);

    // An address verified by itself, and one whose domain is verified.
    expect((await sendTo('Kiwi@uberpopug.test')).MessageId).toBeTruthy();
    expect((await sendTo('anyone@verified.test')).MessageId).toBeTruthy();
  });

  it('refuses a send over the rate with TooManyRequestsException, "Maximum sending rate exceeded."', async () => {
    await pause(1000);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, () => sendTo('kiwi@uberpopug.test')),
    );
    const throttled = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    // A second's worth (2) goes through; the rest is refused, as SES drops what is over the rate.
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    for (const error of throttled) {
      expect(error).toBeInstanceOf(TooManyRequestsException);
      expect((error as Error).message).toBe('Maximum sending rate exceeded.');
    }
    expect(ses.account.stats.throttled).toBe(throttled.length);
  });
});

describe("the local SES account's 24-hour quota", () => {
  it('reports Max24HourSend and SentLast24Hours, and refuses a send over it with "Daily message quota exceeded."', async () => {
    const quoted = await startSes(0, undefined, {
      sandbox: false,
      verified: [],
      maxSendRate: 50,
      max24HourSend: 2,
    });
    const local = oneTrySesClient(quoted.url);
    try {
      const send = (to: string) =>
        local.send(
          new SendEmailCommand({
            FromEmailAddress: 'payouts@uberpopug.test',
            Destination: { ToAddresses: [to] },
            Content: { Simple: { Subject: { Data: 'Payout' }, Body: { Text: { Data: '$7.00' } } } },
          }),
        );
      await send('kiwi@uberpopug.test');
      await send('kea@uberpopug.test');
      const refused = await send('tui@uberpopug.test').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TooManyRequestsException);
      expect((refused as Error).message).toBe('Daily message quota exceeded.');
      const { SendQuota } = await local.send(new GetAccountCommand({}));
      expect(SendQuota).toMatchObject({ Max24HourSend: 2, SentLast24Hours: 2 });
      expect(quoted.account.stats.overDailyQuota).toBe(1);
    } finally {
      local.destroy();
      await quoted.close();
    }
  });
});
