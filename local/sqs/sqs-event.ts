import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';

export interface QueuedMessage {
  id: string;
  body: string;
  receiveCount: number;
  sentAt: number;
  firstReceivedAt?: number;
}

/** What a consumer names a received message by: one per receive, so an older one is refused. */
export const receiptHandleOf = (message: Pick<QueuedMessage, 'id' | 'receiveCount'>) =>
  `${message.id}#${message.receiveCount}`;

/** The SQS event a Lambda event source mapping hands the consumer for one batch. */
export function sqsEventOf(messages: readonly QueuedMessage[], queueArn: string): SQSEvent {
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  return {
    Records: messages.map((message): SQSRecord => ({
      messageId: message.id,
      receiptHandle: receiptHandleOf(message),
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
