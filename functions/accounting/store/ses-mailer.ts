import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { RecipientRejectedError, type Mailer } from '../domain/ports';

/** SES v2 SendEmail; the endpoint comes from AWS_ENDPOINT_URL_SESV2 like every other client. */
export class SesMailer implements Mailer {
  private readonly client = new SESv2Client({});

  async send(mail: { from: string; to: string; subject: string; text: string }): Promise<string> {
    const { MessageId } = await this.client
      .send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
            },
          },
        }),
      )
      .catch((error: unknown) => {
        // Refused for good (an unverified recipient in the sandbox): not worth a retry.
        if (error instanceof MessageRejected) throw new RecipientRejectedError(error.message);
        throw error;
      });
    if (!MessageId) throw new Error('SES accepted the e-mail without a message id');
    return MessageId;
  }
}
