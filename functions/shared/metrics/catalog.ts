/**
 * Every business metric the functions emit (CloudWatch embedded metric format, namespace
 * `ates`), in one place: the functions record them by these names, the CDK app builds the
 * dashboard and alarms on them, the local cloud's metrics page shows them, and
 * docs/operations.md lists them. Dimensions: `service` (the domain, Powertools' name for it)
 * and `stage`; `CommandsRefused` also `reason` (a refusal code, a short fixed list). Never a
 * user, task or request id: those go in the log line's metadata (`function`, `correlation_id`).
 */
export const METRICS_NAMESPACE = 'ates';

export const METRIC = {
  /** A POST/PUT/PATCH/DELETE route answered 2xx. */
  commandsAccepted: 'CommandsAccepted',
  /** A route refused its request (4xx); dimension `reason` = the error code. */
  commandsRefused: 'CommandsRefused',
  /** Events the outbox relay put on the bus. */
  eventsPublished: 'EventsPublished',
  /** Events a consumer applied (a redelivery it recognised is not counted). */
  eventsApplied: 'EventsApplied',
  /** Milliseconds from an applied event's `occurred_at` to its application: consumer lag. */
  consumerLag: 'ConsumerLag',
  tasksCreated: 'TasksCreated',
  tasksCompleted: 'TasksCompleted',
  /** Tasks a reshuffle gave to another worker. */
  reshuffleMoves: 'ReshuffleMoves',
  feesCharged: 'FeesCharged',
  feesCents: 'FeesCents',
  rewardsPaid: 'RewardsPaid',
  rewardsCents: 'RewardsCents',
  payouts: 'Payouts',
  payoutsCents: 'PayoutsCents',
  mailsSent: 'MailsSent',
  /** SES refused the message (e.g. `MessageRejected`): it will not be sent by retrying. */
  mailsRejected: 'MailsRejected',
  /** An e-mail left for the queue's retry (no address yet, busy, a throttled or failed send). */
  mailsRetried: 'MailsRetried',
  closesFinished: 'ClosesFinished',
  /** Milliseconds from the close's request to its last lane's end. */
  closeDuration: 'CloseDuration',
  closeAccountsPerSecond: 'CloseAccountsPerSecond',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
