import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * A consumer as SQS drives it: the records a batch reported failed (or every record, when
 * Powertools throws because all failed) are delivered again, up to `maxReceives` times in all.
 * `redeliveries()` says how many records came back.
 */
export function redelivering(consumer: Consumer, maxReceives = 5) {
  let redeliveries = 0;
  const failedOf = (records: SQSEvent['Records']) =>
    consumer({ Records: records }).then(
      (result) => new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier)),
      () => new Set(records.map((record) => record.messageId)),
    );
  const deliver: Consumer = async (event) => {
    let records = event.Records;
    for (let receive = 1; records.length > 0; receive++) {
      const failed = await failedOf(records);
      records = records.filter((record) => failed.has(record.messageId));
      if (receive >= maxReceives) break;
      redeliveries += records.length;
    }
    return { batchItemFailures: records.map((record) => ({ itemIdentifier: record.messageId })) };
  };
  return { deliver, redeliveries: () => redeliveries };
}
