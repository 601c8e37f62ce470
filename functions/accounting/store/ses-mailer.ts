import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { logger } from '#shared/logger';
import { traced } from '#shared/tracer';
import { RecipientRejectedError, type Mailer, type OutgoingMail } from '../domain/ports';

/** The header that carries the request's correlation id (docs/operations.md, "Following one request"). */
export const CORRELATION_HEADER = 'X-Correlation-Id';

/** SES v2 SendEmail; the endpoint comes from AWS_ENDPOINT_URL_SESV2 like every other client. */
export class SesMailer implements Mailer {
  private readonly client = traced(new SESv2Client({}));

  async send(mail: OutgoingMail): Promise<string> {
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
}
