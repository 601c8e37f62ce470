import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';

export interface QueuedMessage {
  id: string;
  body: string;
  receiveCount: number;
  sentAt: number;
  firstReceivedAt?: number;
}

/** The SQS event a Lambda event source mapping hands the consumer for one batch. */
export function sqsEventOf(messages: readonly QueuedMessage[], queueArn: string): SQSEvent {
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  return {
    Records: messages.map((message): SQSRecord => ({
      messageId: message.id,
      receiptHandle: `${message.id}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'AIDALOCALEVENTBRIDGE',
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? Date.now()),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}
