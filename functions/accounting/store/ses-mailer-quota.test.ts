import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../local/cloud/http-io';
import { startMailerSes, testMail as mail } from '../../../test/support/mailer-ses';
import type { SesAccount } from '../../../local/ses/ses-account';
import { DailyQuotaSpentError } from '../domain/mailing';
import { DailyQuota, QUOTA_RECHECK_MS } from './ses-daily-quota';
import { SesMailer } from './ses-mailer';

let ses: RunningServer & { account: SesAccount };

beforeAll(async () => {
  ses = await startMailerSes({
    sandbox: false,
    verified: [],
    maxSendRate: 50,
    max24HourSend: 3,
  });
});
afterAll(() => ses.close());

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("the SES mailer and the account's 24-hour quota", () => {
  it('stops at Max24HourSend: the rest wait, and a refusal by SES is not retried hot', async () => {
    // One process sends two of the three the account allows a day.
    const first = new SesMailer({ instances: 2 });
    await first.send(mail(1));
    await first.send(mail(2));
    // Another reads the account now: one left (Max24HourSend 3, SentLast24Hours 2).
    const second = new SesMailer({ instances: 2 });
    await second.send(mail(3));
    // The first still believes one is left; SES refuses it, once, and the first stops there.
    expect(await refusalOf(first.send(mail(4)))).toBeInstanceOf(DailyQuotaSpentError);
    expect(ses.account.stats.overDailyQuota).toBe(1);
    // Spent: neither asks SES again (no request reaches it), each says the e-mail waits.
    expect(await refusalOf(first.send(mail(5)))).toBeInstanceOf(DailyQuotaSpentError);
    expect(await refusalOf(second.send(mail(6)))).toBeInstanceOf(DailyQuotaSpentError);
    expect(ses.account.stats.overDailyQuota).toBe(1);
    expect(ses.account.sentLast24Hours()).toBe(3);
  });

  it('asks the account again once a spent quota is ten minutes old', () => {
    let now = 0;
    const quota = new DailyQuota(3, 3, () => now);
    expect(() => quota.assertRoom()).toThrow(DailyQuotaSpentError);
    expect(quota.stale).toBe(false);
    now = QUOTA_RECHECK_MS;
    expect(quota.stale).toBe(true);
    // -1: no quota (SES's "unlimited").
    const unlimited = new DailyQuota(-1, 10_000, () => now);
    unlimited.sent();
    expect(() => unlimited.assertRoom()).not.toThrow();
  });
});
