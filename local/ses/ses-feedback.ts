import { randomUUID } from 'node:crypto';
import { SES_DETAIL_TYPE, type SesFeedbackEvent } from '#shared/declaration';
import type { BusEvent } from '../eventbridge/local-bus';

/**
 * SES's mailbox simulator (SES Developer Guide, "Using the mailbox simulator"): mail to these
 * addresses bounces (a hard bounce) or draws a complaint, in the sandbox too, where they need no
 * verification.
 */
export const SIMULATOR = {
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
  domain: 'simulator.amazonses.com',
} as const;

/** A configuration set the local SES account has, and the events its EventBridge destination publishes. */
export interface LocalConfigurationSet {
  name: string;
  events: readonly SesFeedbackEvent[];
}

/** What the local SES knows of an accepted send when it plays the recipients' feedback. */
export interface AcceptedSend {
  messageId: string;
  from: string;
  recipients: readonly string[];
  configurationSet: LocalConfigurationSet;
  at: Date;
  region: string;
  account: string;
}

/**
 * The events SES publishes to the default bus for one accepted send, in AWS's shape (EventBridge
 * user guide, "Amazon SES events"; SES's event publishing record): source `aws.ses`,
 * detail-type "Email Bounced" or "Email Complaint Received", the detail SES's record with its
 * `mail` and `bounce` / `complaint` objects. One event per kind, naming every recipient of it,
 * and only the kinds the configuration set's destination publishes.
 */
export function feedbackEvents(
  send: AcceptedSend,
  outcomeOf: (recipient: string) => SesFeedbackEvent | undefined,
): BusEvent[] {
  const byKind = new Map<SesFeedbackEvent, string[]>();
  for (const recipient of send.recipients) {
    const kind = outcomeOf(recipient);
    if (kind && send.configurationSet.events.includes(kind))
      byKind.set(kind, [...(byKind.get(kind) ?? []), recipient]);
  }
  // SES reports the feedback a moment after it accepted the e-mail.
  const timestamp = new Date(send.at.getTime() + 1).toISOString();
  const mail = {
    timestamp: send.at.toISOString(),
    source: send.from,
    sendingAccountId: send.account,
    messageId: send.messageId,
    destination: send.recipients,
    headersTruncated: false,
    tags: { 'ses:configuration-set': [send.configurationSet.name] },
  };
  return [...byKind].map(([kind, recipients]) => ({
    version: '0',
    id: randomUUID(),
    source: 'aws.ses',
    'detail-type': SES_DETAIL_TYPE[kind],
    account: send.account,
    time: timestamp.replace(/\.\d{3}Z$/, 'Z'),
    region: send.region,
    resources: [
      `arn:aws:ses:${send.region}:${send.account}:configuration-set/${send.configurationSet.name}`,
    ],
    detail:
      kind === 'BOUNCE'
        ? {
            eventType: 'Bounce',
            mail,
            bounce: {
              feedbackId: randomUUID(),
              bounceType: 'Permanent',
              bounceSubType: 'General',
              bouncedRecipients: recipients.map((emailAddress) => ({
                emailAddress,
                action: 'failed',
                status: '5.1.1',
                diagnosticCode: 'smtp; 550 5.1.1 user unknown',
              })),
              timestamp,
              reportingMTA: 'dns; local.ses',
            },
          }
        : {
            eventType: 'Complaint',
            mail,
            complaint: {
              feedbackId: randomUUID(),
              complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
              timestamp,
              complaintFeedbackType: 'abuse',
              arrivalDate: timestamp,
            },
          },
  }));
}
