import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * The DynamoDBStreamEvent a Lambda event source mapping builds from GetRecords output. The SDK
 * gives dates as Date; Lambda gives epoch seconds.
 */
export function streamEventOf(
  records: readonly StreamRecord[],
  streamArn: string,
  region: string,
): DynamoDBStreamEvent {
  return {
    Records: records.map((record): DynamoDBRecord => ({
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      eventSourceARN: streamArn,
      dynamodb: {
        ...(record.dynamodb as DynamoDBRecord['dynamodb']),
        ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
          ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
          : undefined,
      },
    })),
  };
}
