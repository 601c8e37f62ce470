import {
  GetAccountCommand,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { BudgetedRetryStrategy } from '#shared/budgeted-retries';
import { DailyQuota, isDailyQuotaExceeded } from './ses-daily-quota';
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
  /** The configuration set each e-mail names, if any (sender.ts `configurationSet`). */
  configurationSet?: string;
}

/**
 * The budgeted retries, except for a spent 24-hour quota: no backoff of seconds changes that, so
 * the refusal is thrown at once (the e-mail waits, handed back to the queue).
 */
class SesRetryStrategy extends BudgetedRetryStrategy {
  override async refreshRetryTokenForRetry(
    ...[token, errorInfo]: Parameters<BudgetedRetryStrategy['refreshRetryTokenForRetry']>
  ) {
    if (isDailyQuotaExceeded(errorInfo.error)) throw new Error('the daily quota is spent');
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/** What SES lets this process send: its pace and the account's 24-hour quota. */
interface AccountLimits {
  pace: SendPace;
  quota: DailyQuota;
}

/**
 * SES v2 SendEmail; the endpoint comes from AWS_ENDPOINT_URL_SESV2 like every other client.
 * Within the account's `SendQuota` (SES v2 GetAccount, read once per process): paced to this
 * process's share of `MaxSendRate` (over it SES answers `TooManyRequestsException`, "Maximum
 * sending rate exceeded", and drops the message), and stopping when `Max24HourSend` is spent
 * (SES's "Daily message quota exceeded"): then every send throws DailyQuotaSpentError at once,
 * until the account is read again (ses-daily-quota.ts).
 */
export class SesMailer implements Mailer {
  private readonly client = traced(
    new SESv2Client({ retryStrategy: new SesRetryStrategy(SES_MAX_ATTEMPTS) }),
  );
  private limits: Promise<AccountLimits> | undefined;

  constructor(private readonly options: SesMailerOptions) {}

  async send(mail: OutgoingMail): Promise<string> {
    const { pace, quota } = await this.limitsOfAccount();
    quota.assertRoom();
    await pace.turn();
    const { MessageId } = await this.client
      .send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          // Its event destination reports this e-mail's bounce or complaint (docs/accounting.md).
          ConfigurationSetName: this.options.configurationSet,
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
        if (isDailyQuotaExceeded(error)) {
          logger.warn('SES daily quota spent: the e-mail waits', { reference: mail.reference });
          throw quota.spend();
        }
        throw error;
      });
    quota.sent();
    if (!MessageId) throw new Error('SES accepted the e-mail without a message id');
    // The line that answers "did this e-mail go out?" (docs/operations.md); the consumer's
    // logger already carries the correlation id of the request that caused it.
    logger.info('e-mail handed to SES', { reference: mail.reference, ses_message_id: MessageId });
    return MessageId;
  }

  /**
   * The account's limits as this process keeps them: read once, asked again after a failed read
   * or once a spent quota has gone stale.
   */
  private async limitsOfAccount(): Promise<AccountLimits> {
    const current = this.limits;
    const limits = current && (await current.catch(() => undefined));
    if (limits && !limits.quota.stale) return limits;
    // Another send started a new reading meanwhile: share it.
    if (this.limits && this.limits !== current) return this.limitsOfAccount();
    const reading = this.readLimits();
    this.limits = reading;
    reading.catch(() => {
      if (this.limits === reading) this.limits = undefined;
    });
    return reading;
  }

  private async readLimits(): Promise<AccountLimits> {
    const { SendQuota } = await this.client.send(new GetAccountCommand({}));
    const rate = SendQuota?.MaxSendRate;
    if (!rate || rate <= 0) throw new Error(`SES reports no send rate (${rate})`);
    return {
      pace: new SendPace(rate / this.options.instances),
      quota: new DailyQuota(SendQuota?.Max24HourSend ?? -1, SendQuota?.SentLast24Hours ?? 0),
    };
  }
}
