import type {
  AttributeValue as SdkAttributeValue,
  _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  AttributeValue as LambdaAttributeValue,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';

/**
 * The DynamoDBStreamEvent a Lambda event source mapping builds from GetRecords output. The SDK
 * gives dates as Date; Lambda gives epoch seconds. The SDK gives a Binary attribute as bytes;
 * Lambda's event is JSON, where it is base64 text (and `unmarshall` leaves it so), so a relay
 * that only worked on bytes would work here and fail on AWS.
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
        ...imagesAsJson(record.dynamodb ?? {}),
        ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
          ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
          : undefined,
      },
    })),
  };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

type Image = Record<string, SdkAttributeValue>;

/** The record's keys and images (those it has) as Lambda's JSON carries them. */
function imagesAsJson(record: { Keys?: Image; NewImage?: Image; OldImage?: Image }) {
  const images = { Keys: record.Keys, NewImage: record.NewImage, OldImage: record.OldImage };
  return Object.fromEntries(
    Object.entries(images).flatMap(([name, image]) => (image ? [[name, imageAsJson(image)]] : [])),
  ) as Pick<NonNullable<DynamoDBRecord['dynamodb']>, 'Keys' | 'NewImage' | 'OldImage'>;
}

/** An item image as Lambda's JSON carries it: every Binary value (B, BS, nested) as base64. */
const imageAsJson = (image: Image): Record<string, LambdaAttributeValue> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, asJson(value)]));

function asJson(value: SdkAttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(asJson) };
  if (value.M !== undefined) return { M: imageAsJson(value.M) };
  return value as LambdaAttributeValue;
}
