import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../local/cloud/http-io';
import { startMailerSes, testMail as mail } from '../../../test/support/mailer-ses';
import type { SesAccount } from '../../../local/ses/ses-account';
import { SesMailer } from './ses-mailer';

let ses: RunningServer & { account: SesAccount };

beforeAll(async () => {
  ses = await startMailerSes({ sandbox: false, verified: [], maxSendRate: 4 });
});
afterAll(() => ses.close());

describe('the SES mailer against an account with a send rate', () => {
  it("paces a burst to the account's MaxSendRate, so SES never throttles it", async () => {
    // Ten at once, as a page's sends go (MAIL_SENDS_AT_ONCE), against 4 a second.
    const mailer = new SesMailer({ instances: 1 });
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => mailer.send(mail(i))));
    expect(new Set(ids).size).toBe(10);
    expect(ses.account.stats.throttled).toBe(0);
  });

  it('gives each of several instances its share of the rate', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Two instances sharing 4 a second: each sends at 2 a second, together never over 4.
    const [a, b] = [new SesMailer({ instances: 2 }), new SesMailer({ instances: 2 })];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).send(mail(100 + i))),
    );
    expect(ses.account.stats.throttled).toBe(0);
  });
});
