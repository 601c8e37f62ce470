import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type RunningDynamo } from '../../local/dynamodb/dynamodb-local';
import { freePort } from '../../local/cloud/free-port';

/**
 * A DynamoDB Local of a block's own: the engine slows down on stream tables created after many
 * stream records exist in the same process, so no block inherits another's history.
 */
export async function freshDynamo(): Promise<RunningDynamo & { client: DynamoDBClient }> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
  return {
    ...dynamo,
    client,
    stop: async () => {
      client.destroy();
      await dynamo.stop();
    },
  };
}
