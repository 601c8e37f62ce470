import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { publishAll, rowEntries } from '#shared/outbox/relay';
import { OUTBOX_RECORD_TYPE, type OutboxRowImage } from '#shared/outbox/row';

export interface RepublishOptions {
  tableName: string;
  eventBusName: string;
  /** Outbox rows whose `created_at` (the event time) lies in [from, to] are put again. */
  from: Date;
  to: Date;
  dynamo: DynamoDBDocumentClient;
  eventBridge: EventBridgeClient;
  /** Count only; put nothing. */
  dryRun?: boolean;
  /** One progress line per page of the scan. */
  progress: (line: string) => void;
  backoff?: (attempt: number) => Promise<void>;
}

export interface RepublishResult {
  scanned: number;
  /** Outbox rows in the range. */
  found: number;
  /** Events put on the bus: a row written for a batch (a reshuffle's) carries many. */
  published: number;
}

const isOutboxRow = /* the filter below already holds; this narrows the type */ (
  item: Record<string, unknown>,
): item is Record<string, unknown> & OutboxRowImage & { created_at: string } =>
  item.record_type === OUTBOX_RECORD_TYPE;

/**
 * Puts the outbox rows of a time range on the bus again, through the relay's own publishing
 * (chunks of ten entries and 256 KB, retries, a clear error naming what never got through).
 * Safe to repeat: each row carries its event id, and consumers apply an event id once.
 *
 * The rows are found by a filtered Scan of the domain's table — outbox rows have no index of
 * their own, and a recovery that runs once in a blue moon does not justify one on every table.
 * A page at a time, so a big table never sits in memory.
 */
export async function republish(options: RepublishOptions): Promise<RepublishResult> {
  const result: RepublishResult = { scanned: 0, found: 0, published: 0 };
  const pages = paginateScan(
    { client: options.dynamo },
    {
      TableName: options.tableName,
      FilterExpression: '#type = :outbox AND #created BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#type': 'record_type', '#created': 'created_at' },
      ExpressionAttributeValues: {
        ':outbox': OUTBOX_RECORD_TYPE,
        ':from': options.from.toISOString(),
        ':to': options.to.toISOString(),
      },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    result.scanned += page.ScannedCount ?? 0;
    const rows = (page.Items ?? []).filter(isOutboxRow);
    // Oldest first within a page: consumers tolerate any order, but readers of the bus like this.
    rows.sort((a, b) => a.created_at.localeCompare(b.created_at));
    // A row's place in the scan stands in for a stream sequence number in the relay's errors.
    const firstOfPage = result.found;
    result.found += rows.length;
    if (!options.dryRun && rows.length > 0) {
      const entries = rows.flatMap((row, index) =>
        rowEntries(row, options.eventBusName, String(firstOfPage + index)),
      );
      const failures = await publishAll(entries, {
        client: options.eventBridge,
        eventBusName: options.eventBusName,
        backoff: options.backoff,
      });
      result.published += entries.length - failures.length;
      if (failures.length > 0) {
        // Stops the run where it is: what went out so far is counted, and running the same
        // range again repeats nothing a consumer would apply twice.
        const codes = [...new Set(failures.map((f) => f.errorCode))].join(', ');
        throw new Error(
          `${failures.length} of ${entries.length} events of this page were refused by EventBridge (${codes}); ${result.published} published so far: fix the cause and run the same range again`,
        );
      }
    }
    options.progress(
      `scanned ${result.scanned} items · ${result.found} outbox rows in range · ${result.published} events published`,
    );
  }
  return result;
}
