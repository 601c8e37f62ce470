/**
 * The queue the local SQS tests probe: batches of 2, one at a time, a message dead-lettered on
 * its third receive, visibility of 5 ms so a failed one comes back at once.
 */
export const PROBE_QUEUE = {
  domain: 'probe',
  queueArn: 'arn:aws:sqs:us-east-1:000000000000:ates-probe-events',
  batchSize: 2,
  maxReceiveCount: 3,
  visibilityTimeoutMs: 5,
  timeoutMs: 5000,
  maxConcurrency: 1,
} as const;
