import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamHandler } from 'aws-lambda';
import { eventBusName } from '#shared/config';
import { logger } from '#shared/logger';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetric, withMetrics } from '#shared/metrics/metrics';
import { relayStreamBatch } from './relay';

const client = new EventBridgeClient({});

/**
 * One relay per domain table: fed by the table's stream, it publishes the outbox rows. A batch
 * it cannot publish throws (RelayIncompleteError): the Errors alarm fires and the stream mapping
 * retries the batch until it gets through (docs/operations.md, "The outbox relay").
 */
export const handler: DynamoDBStreamHandler = async (event, context) => {
  try {
    const { bySource } = await relayStreamBatch(event, {
      client,
      eventBusName: eventBusName(),
      log: logger,
    });
    // A relay reads one domain's table, so its events have that domain's source (`ates.<domain>`).
    for (const [source, count] of bySource) {
      await withMetrics(source.replace(/^ates\./, ''), context?.functionName, async () =>
        recordMetric(METRIC.eventsPublished, count),
      );
    }
  } catch (error) {
    // Only the cause: the rows' keys and EventBridge's codes were logged entry by entry.
    logger.error('relay could not publish every outbox row; the stream will retry the batch', {
      error: error as Error,
    });
    throw error;
  }
};
