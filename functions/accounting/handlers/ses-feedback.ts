import * as z from '#events/zod';
import type { MailFeedback } from '../domain/suppression';

/**
 * SES's bounce and complaint events as its configuration set's EventBridge destination publishes
 * them (source `aws.ses`, detail-types "Email Bounced" and "Email Complaint Received"): the
 * detail is SES's event record, the same JSON its SNS destination sends. Only what Accounting
 * reads is checked; SES adds fields freely.
 */
const recipients = z
  .array(z.object({ emailAddress: z.string().check(z.minLength(3)) }))
  .check(z.minLength(1));
const mail = z.object({ messageId: z.string() });

export const sesBounceDetail = z.object({
  eventType: z.literal('Bounce'),
  mail,
  bounce: z.object({
    bounceType: z.string(),
    bounceSubType: z.string(),
    bouncedRecipients: recipients,
    timestamp: z.iso.datetime({ offset: true }),
  }),
});

export const sesComplaintDetail = z.object({
  eventType: z.literal('Complaint'),
  mail,
  complaint: z.object({
    complainedRecipients: recipients,
    timestamp: z.iso.datetime({ offset: true }),
    complaintFeedbackType: z.optional(z.string()),
  }),
});

/**
 * Only a permanent bounce suppresses: a transient one (a full mailbox) may deliver next time,
 * and SES itself retries it. Every complaint does: the person asked not to get our e-mail.
 */
export function feedbackOfBounce(detail: z.infer<typeof sesBounceDetail>): MailFeedback[] {
  const { bounce } = detail;
  if (bounce.bounceType !== 'Permanent') return [];
  return bounce.bouncedRecipients.map((recipient) => ({
    email: recipient.emailAddress,
    reason: 'bounce',
    at: new Date(bounce.timestamp),
    detail: `${bounce.bounceType}/${bounce.bounceSubType}`,
  }));
}

export function feedbackOfComplaint(detail: z.infer<typeof sesComplaintDetail>): MailFeedback[] {
  const { complaint } = detail;
  return complaint.complainedRecipients.map((recipient) => ({
    email: recipient.emailAddress,
    reason: 'complaint',
    at: new Date(complaint.timestamp),
    detail: complaint.complaintFeedbackType ?? 'complaint',
  }));
}
