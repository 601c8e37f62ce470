import { RecipientRejectedError, type Mailer, type OutgoingMail } from '../domain/ports';

/**
 * Mail as SES would have received it; `failNext` makes the next sends throw; an address in
 * `rejects` is refused for good, as SES refuses an unverified recipient in the sandbox.
 */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  readonly rejects = new Set<string>();
  rejected = 0;
  failNext = 0;
  async send(mail: OutgoingMail) {
    if (this.rejects.has(mail.to)) {
      this.rejected += 1;
      throw new RecipientRejectedError(`Email address is not verified: ${mail.to}`);
    }
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('SES is down (test)');
    }
    this.sent.push(mail);
    return `msg-${this.sent.length}`;
  }
}
