import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { RunningServer } from '../../local/cloud/http-io';
import type { Faults } from '../../local/faults/faults';
import type { SesAccount, SesAccountOptions } from '../../local/ses/ses-account';
import { startSes } from '../../local/ses/ses-server';
import type { OutgoingMail } from '../../functions/accounting/domain/ports';

/** A local SES playing `account` (with `faults`), made the endpoint of every SES client. */
export async function startMailerSes(
  account: SesAccountOptions,
  faults?: Faults,
): Promise<RunningServer & { account: SesAccount }> {
  const ses = await startSes(0, undefined, account, faults);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: ses.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  return ses;
}

/**
 * A test's own SES client on a local SES, trying each call once: the SDK would retry a throttled
 * send, and these tests want to see each refusal themselves.
 */
export const oneTrySesClient = (endpoint: string) =>
  new SESv2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

/** The i-th payout e-mail of a test, each to its own address. */
export const testMail = (i: number): OutgoingMail => ({
  from: 'payouts@uberpopug.test',
  to: `popug${i}@uberpopug.test`,
  subject: 'Your payout',
  text: '$7.00',
  correlationId: `c-${i}`,
  reference: `payout-${i}`,
});
