import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { signingKeyPublishedV1 } from '#events/auth/auth.signing_key.published.v1';
import { OUTBOX_RECORD_TYPE } from '#shared/outbox/row';
import { asFunction } from '../../../test/support/iam';
import { eventsOfRow } from '../../../test/support/outbox-events';
import { scanTable } from '../../../test/support/table-scan';

export type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The `auth.signing_key.published` events in this file's Auth outbox, as the bus delivers them,
 * by `<generation>:<status>` (`'2:active'`, `'1:retired'`).
 */
export async function keyEvents(): Promise<Map<string, string>> {
  const rows = await scanTable(process.env.AUTH_TABLE!, OUTBOX_RECORD_TYPE);
  const events = rows
    .flatMap(eventsOfRow)
    .filter((e) => e.detailType === signingKeyPublishedV1.name);
  return new Map(
    events.map((e) => [`${e.envelope.data.generation}:${e.envelope.data.status}`, e.body]),
  );
}

/** Delivers bodies as one SQS batch to a domain's consumer, as that deployed function; returns the failed ids. */
export async function deliverAs(domain: string, consumer: Consumer, ...bodies: string[]) {
  const records = bodies.map((body, i) => ({ messageId: `m${i}`, body }));
  const { batchItemFailures } = await asFunction(`ates-${domain}-consumer`, () =>
    consumer({ Records: records } as SQSEvent),
  );
  return batchItemFailures.map((failure) => failure.itemIdentifier);
}
