import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { OUTBOX_RECORD_TYPE, type OutboxRow } from './row';

/** PutEvents takes at most 10 entries a call. */
export const PUT_EVENTS_BATCH = 10;
const ATTEMPTS = 4;

interface PendingEntry {
  sequenceNumber: string;
  entry: PutEventsRequestEntry;
}

export interface RelayOptions {
  client: EventBridgeClient;
  eventBusName: string;
  /** Wait between retries of failed entries; replaced in tests to keep them fast. */
  backoff?: (attempt: number) => Promise<void>;
}

const defaultBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 50 * 2 ** attempt));

/** The outbox rows a stream batch inserted, in stream order; anything else is not ours to relay. */
export function outboxEntries(records: readonly DynamoDBRecord[], eventBusName: string) {
  return records.flatMap((record): PendingEntry[] => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    const row = unmarshall(image as Record<string, AttributeValue>) as Partial<OutboxRow>;
    if (row.record_type !== OUTBOX_RECORD_TYPE) return [];
    return [
      {
        sequenceNumber: record.dynamodb!.SequenceNumber!,
        entry: {
          EventBusName: eventBusName,
          Source: row.source,
          DetailType: row.detail_type,
          Detail: row.detail,
        },
      },
    ];
  });
}

/**
 * Publishes every outbox row of a stream batch. Entries that EventBridge refuses are retried
 * with backoff; any still failing are reported by sequence number so the stream hands them
 * (and everything after them) back, never dropping one. Duplicates are fine: consumers dedupe.
 */
export async function relayStreamBatch(
  event: DynamoDBStreamEvent,
  options: RelayOptions,
): Promise<DynamoDBBatchResponse> {
  const backoff = options.backoff ?? defaultBackoff;
  let pending = outboxEntries(event.Records, options.eventBusName);
  for (let attempt = 0; attempt < ATTEMPTS && pending.length > 0; attempt++) {
    if (attempt > 0) await backoff(attempt);
    pending = await putAll(options.client, pending);
  }
  if (pending.length === 0) return { batchItemFailures: [] };
  const first = pending.reduce((a, b) =>
    BigInt(a.sequenceNumber) <= BigInt(b.sequenceNumber) ? a : b,
  );
  return { batchItemFailures: [{ itemIdentifier: first.sequenceNumber }] };
}

/** Sends entries in calls of ten and returns the ones that did not get through. */
async function putAll(client: EventBridgeClient, entries: PendingEntry[]): Promise<PendingEntry[]> {
  const failed: PendingEntry[] = [];
  for (let i = 0; i < entries.length; i += PUT_EVENTS_BATCH) {
    const chunk = entries.slice(i, i + PUT_EVENTS_BATCH);
    try {
      const result = await client.send(
        new PutEventsCommand({ Entries: chunk.map((pending) => pending.entry) }),
      );
      result.Entries?.forEach((entry, index) => {
        if (entry.ErrorCode) failed.push(chunk[index]!);
      });
    } catch {
      // The whole call failed (throttled, network): every entry in it is retried.
      failed.push(...chunk);
    }
  }
  return failed;
}
