import {
  GetAccountCommand,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { BudgetedRetryStrategy } from '#shared/budgeted-retries';
import { SendPace } from '#shared/time/send-pace';
import { logger } from '#shared/logger';
import { traced } from '#shared/tracer';
import { RecipientRejectedError, type Mailer, type OutgoingMail } from '../domain/ports';

/** The header that carries the request's correlation id (docs/operations.md, "Following one request"). */
export const CORRELATION_HEADER = 'X-Correlation-Id';

/**
 * Tries of one send. A throttled send (`TooManyRequestsException`) backs off and tries again
 * within the invocation (the SDK's full-jitter backoff, at most 0.5 + 1 + 2 + 4 + 8 s in all),
 * each retry made only while it fits before the deadline (BudgetedRetryStrategy); one still
 * refused is released and its page handed back to the queue.
 */
const SES_MAX_ATTEMPTS = 6;

export interface SesMailerOptions {
  /**
   * How many processes share the account's send rate at most: the consumer's maximum
   * concurrency (`ATES_MAIL_INSTANCES`, which infra sets from the same constant as the event
   * source mapping's cap). Each paces itself to `MaxSendRate / instances`, so all of them
   * together never exceed the account's rate.
   */
  instances: number;
}

/**
 * SES v2 SendEmail; the endpoint comes from AWS_ENDPOINT_URL_SESV2 like every other client.
 * Paced to this process's share of the account's `SendQuota.MaxSendRate` (SES v2 GetAccount, read
 * once per process): over the rate SES answers `TooManyRequestsException` ("Maximum sending rate
 * exceeded") and drops the message.
 */
export class SesMailer implements Mailer {
  private readonly client = traced(
    new SESv2Client({ retryStrategy: new BudgetedRetryStrategy(SES_MAX_ATTEMPTS) }),
  );
  private pace: Promise<SendPace> | undefined;

  constructor(private readonly options: SesMailerOptions) {}

  async send(mail: OutgoingMail): Promise<string> {
    await (await this.paceOfAccount()).turn();
    const { MessageId } = await this.client
      .send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
              Headers: [{ Name: CORRELATION_HEADER, Value: mail.correlationId }],
            },
          },
        }),
      )
      .catch((error: unknown) => {
        // Refused for good (an unverified recipient in the sandbox): not worth a retry.
        if (error instanceof MessageRejected) {
          logger.warn('SES rejected an e-mail for good', {
            reference: mail.reference,
            reason: error.message,
          });
          throw new RecipientRejectedError(error.message);
        }
        throw error;
      });
    if (!MessageId) throw new Error('SES accepted the e-mail without a message id');
    // The line that answers "did this e-mail go out?" (docs/operations.md); the consumer's
    // logger already carries the correlation id of the request that caused it.
    logger.info('e-mail handed to SES', { reference: mail.reference, ses_message_id: MessageId });
    return MessageId;
  }

  /** This process's pace: its share of the account's send rate; asked again after a failure. */
  private paceOfAccount(): Promise<SendPace> {
    this.pace ??= this.readPace().catch((error: unknown) => {
      this.pace = undefined;
      throw error;
    });
    return this.pace;
  }

  private async readPace(): Promise<SendPace> {
    const { SendQuota } = await this.client.send(new GetAccountCommand({}));
    const rate = SendQuota?.MaxSendRate;
    if (!rate || rate <= 0) throw new Error(`SES reports no send rate (${rate})`);
    return new SendPace(rate / this.options.instances);
  }
}
