import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Faults, type FaultOptions } from '../../../local/faults/faults';
import type { RunningServer } from '../../../local/cloud/http-io';
import { startMailerSes, testMail as mail } from '../../../test/support/mailer-ses';
import { withinInvocation } from '#shared/time/invocation-budget';
import { RecipientRejectedError } from '../domain/ports';
import { SesMailer } from './ses-mailer';

let ses: RunningServer | undefined;

/** A local SES with the given SES faults, the mailer's endpoint. */
async function sesWith(options: FaultOptions): Promise<Faults> {
  const faults = new Faults({ seed: 7, ...options });
  ses = await startMailerSes({ sandbox: false, verified: [], maxSendRate: 100 }, faults);
  return faults;
}
beforeEach(() => void (ses = undefined));
afterEach(() => ses?.close());

/** An invocation of the consumer with `ms` left before its timeout. */
const invocation = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

describe('the SES mailer under the SES faults (ATES_FAULTS sesthrottle, sesreject)', () => {
  it('backs off and sends again when SES throttles a send, within the invocation', async () => {
    // One after another, so the seeded draws land the same way every run (seed 7: the first
    // send is throttled twice, then goes through; the other two at once).
    const faults = await sesWith({ sesThrottle: 0.5 });
    const mailer = new SesMailer({ instances: 1 });
    const ids = await withinInvocation(invocation(120_000), async () => {
      const sent: string[] = [];
      for (let i = 0; i < 3; i++) sent.push(await mailer.send(mail(i)));
      return sent;
    });
    expect(new Set(ids).size).toBe(3);
    expect(faults.stats.sesSendsThrottled).toBe(2);
  });

  it('gives up on a throttled send when no backoff fits before the deadline, not at the timeout', async () => {
    const faults = await sesWith({});
    const mailer = new SesMailer({ instances: 1 });
    await mailer.send(mail(0)); // the account read before the invocation starts
    faults.options.sesThrottle = 1;
    // 1.9 s left: a retry must leave 1 s to answer, after a backoff of up to 1 s: none fits.
    const error = await withinInvocation(invocation(1_900), () => mailer.send(mail(1))).catch(
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(RecipientRejectedError);
    expect(faults.stats.sesSendsThrottled).toBe(1);
    expect(String((error as Error).message)).toMatch(/no time left|Maximum sending rate/);
  });

  it('reports a MessageRejected send as rejected for good, after one try', async () => {
    const faults = await sesWith({ sesReject: 1 });
    const error = await new SesMailer({ instances: 1 }).send(mail(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecipientRejectedError);
    expect(error).not.toBeInstanceOf(TooManyRequestsException);
    expect(faults.stats.sesSendsRejected).toBe(1);
  });
});
