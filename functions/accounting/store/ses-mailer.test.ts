import {
  GetAccountCommand,
  MessageRejected,
  SendEmailCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RecipientRejectedError } from '../domain/ports';
import { SesMailer } from './ses-mailer';

const ses = mockClient(SESv2Client);
// The unit tier's files share their worker's modules: later files get the real client back.
afterAll(() => ses.restore());
const mail = {
  from: 'payouts@uberpopug.test',
  to: 'kiwi@uberpopug.test',
  subject: 's',
  text: 't',
  correlationId: 'c',
  reference: 'payout:kiwi:2026-12-05',
};

describe('the SES mailer', () => {
  beforeEach(() => {
    ses.reset();
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 14 } });
  });

  it('turns MessageRejected (an unverified recipient in the sandbox) into a rejection for good', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check: kiwi@uberpopug.test',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await new SesMailer({ instances: 1 }).send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecipientRejectedError);
    expect((error as RecipientRejectedError).reason).toMatch(/not verified/);
  });

  it('leaves any other failure (throttling, an outage) to be retried', async () => {
    ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Maximum sending rate exceeded.'), {
        name: 'TooManyRequestsException',
      }),
    );
    const error = await new SesMailer({ instances: 1 }).send(mail).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RecipientRejectedError);
  });
});
