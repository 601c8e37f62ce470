import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamHandler } from 'aws-lambda';
import { eventBusName } from '../config';
import { logger } from '../logger';
import { relayStreamBatch } from './relay';

const client = new EventBridgeClient({});

/** One relay per domain table: fed by the table's stream, it publishes the outbox rows. */
export const handler: DynamoDBStreamHandler = async (event) => {
  const result = await relayStreamBatch(event, { client, eventBusName: eventBusName() });
  if (result.batchItemFailures.length > 0) {
    logger.error('relay could not publish every outbox row; the stream will retry', {
      failedFrom: result.batchItemFailures[0]?.itemIdentifier,
    });
  }
  return result;
};
