import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { logger } from '#shared/logger';
import { traced } from '#shared/tracer';

/**
 * A failed message is handed back after 2 s on its first receive, then 4, 8, … (doubling with
 * each receive), never more than 10 minutes: soon enough that a throttled chunk runs again in
 * seconds, growing so a table that stays hot is not hammered, and never over the queue's own
 * visibility timeout (six times the function's): a hand-back only ever shortens it.
 * With ten receives a message that never succeeds reaches the dead-letter queue after about
 * 17 minutes (2 + 4 + … + 512 s) instead of the 10 × 12 minutes Accounting's queue would take.
 */
export const HAND_BACK_FIRST_SECONDS = 2;
export const HAND_BACK_MAX_SECONDS = 600;

/**
 * The queue's own visibility timeout (`ATES_QUEUE_VISIBILITY_SECONDS`, set where the queue is
 * declared: infra/constructs/event-consumer.ts, and the local cloud). A hand-back is capped by it,
 * because ChangeMessageVisibility can lengthen a visibility as well as shorten it: with a 60 s
 * queue, the sixth receive's 64 s would make a failing message wait longer than without it.
 */
export function queueVisibilitySeconds(): number {
  const seconds = Number(process.env.ATES_QUEUE_VISIBILITY_SECONDS);
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : HAND_BACK_MAX_SECONDS;
}

export const handBackSeconds = (
  receiveCount: number,
  visibilitySeconds = queueVisibilitySeconds(),
) =>
  Math.min(
    HAND_BACK_MAX_SECONDS,
    visibilitySeconds,
    HAND_BACK_FIRST_SECONDS * 2 ** Math.max(0, receiveCount - 1),
  );

/**
 * `https://sqs.<region>.amazonaws.com/<account>/<name>` for the queue that delivered the record
 * (its `eventSourceARN`), the URL form SQS documents for a queue.
 */
export function queueUrlOf(record: Pick<SQSRecord, 'eventSourceARN'>): string {
  const [, , , region, account, name] = record.eventSourceARN.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

// The regional endpoint (or AWS_ENDPOINT_URL_SQS), never the host a QueueUrl names: in AWS they
// are the same, and the endpoint is what the deployment chose.
let client: SQSClient | undefined;
const sqs = () => (client ??= traced(new SQSClient({ useQueueUrlAsEndpoint: false })));

/**
 * Runs a batch and hands every record it failed back to its queue early: the ones reported in
 * `batchItemFailures`, or all of them when the batch throws (Powertools throws when every record
 * failed). Each gets a visibility of {@link handBackSeconds} from now
 * (`sqs:ChangeMessageVisibility`), so the mapping redelivers it soon instead of after the whole
 * visibility timeout. The outcome is unchanged: the records still count as failed receives
 * toward the dead-letter queue, and a thrown error is thrown on. A hand-back that fails (denied,
 * the message already visible again) is logged; that record is then retried when its visibility
 * timeout ends, as it would be without this step.
 */
export async function handingBackFailures(
  records: readonly SQSRecord[],
  work: () => Promise<SQSBatchResponse>,
): Promise<SQSBatchResponse> {
  let response: SQSBatchResponse;
  try {
    response = await work();
  } catch (error) {
    await handBack(records);
    throw error;
  }
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  await handBack(records.filter((record) => failed.has(record.messageId)));
  return response;
}

async function handBack(records: readonly SQSRecord[]) {
  await Promise.all(
    records.map(async (record) => {
      // A record always carries its receive count; a hand-back never fails the batch for it.
      const seconds = handBackSeconds(Number(record.attributes?.ApproximateReceiveCount) || 1);
      try {
        await sqs().send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrlOf(record),
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: seconds,
          }),
        );
        logger.info('failed message handed back to its queue', {
          messageId: record.messageId,
          visibleInSeconds: seconds,
        });
      } catch (error) {
        // A warning: the record's own failure was logged as the error; this only delays it.
        logger.warn('could not hand the failed message back; it waits out its visibility timeout', {
          messageId: record.messageId,
          error: error as Error,
        });
      }
    }),
  );
}
