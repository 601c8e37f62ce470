import { randomUUID } from 'node:crypto';
import { findContract, sourceOf, type DataOf, type Envelope, type EventContract } from '#events';
import type { TransactItem } from '#shared/dynamo';
import { daysFrom, epochSeconds } from '#shared/time/epoch';
import { OUTBOX_RETENTION_DAYS } from './delivery';
import {
  entrySize,
  EventTooLargeError,
  MAX_EVENT_BYTES,
  MAX_ROW_EVENT_BYTES,
  OUTBOX_RECORD_TYPE,
  utf8Bytes,
  type OutboxRow,
  type PlainOutboxRow,
} from './row';
import { packDetails } from './packed-details';

export {
  detailsOf,
  EventTooLargeError,
  MAX_EVENT_BYTES,
  OUTBOX_RECORD_TYPE,
  type OutboxRow,
  type PlainOutboxRow,
} from './row';

export interface EventContext {
  correlationId: string;
  now?: Date;
}

/**
 * Builds one event as an outbox row carries it, its detail plain (`packedRows` packs it for
 * writing). The data is validated against its contract here, so an invalid event fails the
 * command that produces it instead of reaching a consumer; an event larger than MAX_EVENT_BYTES
 * fails it too, instead of failing the relay after the commit.
 */
export function outboxRow<C extends EventContract>(
  contract: C,
  data: DataOf<C>,
  context: EventContext,
): PlainOutboxRow {
  // Through the registry, not around it: an event no consumer could look up is never written.
  if (findContract(contract.name, contract.version) !== contract) {
    throw new Error(`${contract.name} v${contract.version} is not the registered contract`);
  }
  const now = context.now ?? new Date();
  const envelope: Envelope = {
    metadata: {
      event_id: randomUUID(),
      event_name: contract.name,
      event_version: contract.version,
      event_time: now.toISOString(),
      producer: contract.producer,
      correlation_id: context.correlationId,
    },
    data: contract.schema.parse(data),
  };
  const row: PlainOutboxRow = {
    pk: `OUTBOX#${envelope.metadata.event_id}`,
    sk: 'OUTBOX',
    record_type: OUTBOX_RECORD_TYPE,
    source: sourceOf(contract.producer),
    detail_type: contract.name,
    detail: JSON.stringify(envelope),
    created_at: envelope.metadata.event_time,
    expires_at: epochSeconds(daysFrom(now, OUTBOX_RETENTION_DAYS)),
  };
  const bytes = entrySize({ Source: row.source, DetailType: row.detail_type, Detail: row.detail });
  if (bytes > MAX_EVENT_BYTES) throw new EventTooLargeError(contract.name, bytes);
  return row;
}

/** The transaction item that writes one event to the outbox, beside the state change it records. */
export function outboxPut<C extends EventContract>(
  tableName: string,
  contract: C,
  data: DataOf<C>,
  context: EventContext,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: packedRows([outboxRow(contract, data, context)])[0]!,
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The rows of a unit of work's events, in order, as written: one row for all of them (a unit of
 * one domain has one source), a new row only where one would carry more than MAX_ROW_EVENT_BYTES.
 * Each event keeps its own id and detail type and is published as its own event; one row instead
 * of one per event is one item write fewer per further event (a transaction's item costs two
 * units per KB however its bytes are split), and packing the details keeps a row of a few events
 * under one KB.
 */
export function packedRows(rows: readonly PlainOutboxRow[]): OutboxRow[] {
  return rowGroupsOf(rows).map(([first, ...rest]): OutboxRow => {
    const mixed = rest.some((row) => row.detail_type !== first!.detail_type);
    return {
      pk: first!.pk,
      sk: first!.sk,
      record_type: first!.record_type,
      source: first!.source,
      detail_type: first!.detail_type,
      details: packDetails([first!, ...rest].map((row) => row.detail)),
      ...(mixed && { more_detail_types: rest.map((row) => row.detail_type) }),
      created_at: first!.created_at,
      expires_at: first!.expires_at,
    };
  });
}

/**
 * Which of `rows` share a written row (`packedRows`), before their details are packed: as many
 * groups as rows written, so a caller weighing a transaction counts rows without compressing.
 */
export function rowGroupsOf(rows: readonly PlainOutboxRow[]): PlainOutboxRow[][] {
  const packed: PlainOutboxRow[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = utf8Bytes(row.detail);
    const current = packed.at(-1);
    if (current && current[0]!.source === row.source && bytes + size <= MAX_ROW_EVENT_BYTES) {
      current.push(row);
      bytes += size;
    } else {
      packed.push([row]);
      bytes = size;
    }
  }
  return packed;
}
