import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, Context } from 'aws-lambda';
import { eventBusName } from '#shared/config';
import { logger } from '#shared/logger';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetric, withMetrics } from '#shared/metrics/metrics';
import { traced, tracedHandler } from '#shared/tracer';
import { relayStreamBatch } from './relay';

const client = traced(new EventBridgeClient({}));

/**
 * One relay per domain table: fed by the table's stream, it publishes the outbox rows and
 * answers Lambda's partial batch response (RELAY_MAPPING.reportBatchItemFailures): the records
 * it could not publish, so the mapping retries from the first of them rather than the whole
 * batch, and parks a record that keeps failing in the on-failure queue (docs/operations.md,
 * "The outbox relay"). A throw (a bug, not a refusal) makes the mapping halve the batch.
 */
export const handler = tracedHandler(async function relay(
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> {
  const outcome = await relayStreamBatch(event, {
    client,
    eventBusName: eventBusName(),
    remainingMs: () => context.getRemainingTimeInMillis(),
    log: logger,
  });
  // A relay reads one domain's table, so its events have that domain's source (`ates.<domain>`).
  for (const [source, count] of outcome.bySource) {
    await withMetrics(source.replace(/^ates\./, ''), context?.functionName, async () =>
      recordMetric(METRIC.eventsPublished, count),
    );
  }
  if (outcome.batchItemFailures.length > 0) {
    // Only counts: the rows' keys and EventBridge's codes were logged entry by entry.
    logger.warn('relay left records unpublished; the stream mapping retries from the first', {
      records: outcome.batchItemFailures.length,
      permanentEntries: outcome.permanent,
      published: outcome.published,
    });
  }
  return { batchItemFailures: outcome.batchItemFailures };
});
