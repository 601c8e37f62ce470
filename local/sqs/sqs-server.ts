import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { listen, readBody, sendJson } from '../cloud/http-io';
import { SqsError, type LocalQueue } from './local-queue';

const requestSchema = z.object({
  QueueUrl: z.string().min(1),
  ReceiptHandle: z.string().min(1),
  VisibilityTimeout: z.number(),
});

/**
 * The SQS API a consumer's own code calls, answered for the local queues (AWS JSON 1.0:
 * `POST /` with `X-Amz-Target: AmazonSQS.<Operation>`, as `@aws-sdk/client-sqs` sends it). Only
 * ChangeMessageVisibility: the mapping receives and deletes, the consumer hands a failed message
 * back early (functions/shared/consumer/hand-back.ts). The queue is named by the last part of
 * its URL (`…/<account>/ates-<domain>-events`).
 */
export function startSqsServer(options: { port: number; queues: ReadonlyMap<string, LocalQueue> }) {
  const queueNamed = (url: string) =>
    [...options.queues.values()].find(
      (q) => q.options.queueArn.split(':')[5] === url.split('/').pop(),
    );
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || target !== 'AmazonSQS.ChangeMessageVisibility') {
      return sqsError(
        response,
        'UnsupportedOperation',
        `the local SQS answers only ChangeMessageVisibility, not ${target ?? `${request.method} ${request.url}`}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(request)).toString('utf8'));
    } catch {
      return sqsError(response, 'InvalidParameterValue', 'the request body is not JSON');
    }
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      return sqsError(
        response,
        'MissingParameter',
        `the request must name QueueUrl, ReceiptHandle and VisibilityTimeout: ${parsed.error.message}`,
      );
    }
    const queue = queueNamed(parsed.data.QueueUrl);
    if (!queue) {
      return sqsError(response, 'QueueDoesNotExist', 'The specified queue does not exist.');
    }
    try {
      queue.changeVisibility(parsed.data.ReceiptHandle, parsed.data.VisibilityTimeout);
    } catch (error) {
      if (error instanceof SqsError) return sqsError(response, error.code, error.message);
      throw error;
    }
    sendJson(response, 200, {}, jsonHeaders());
  };
  return listen(handle, options.port, 'local SQS');
}

const jsonHeaders = () => ({
  'content-type': 'application/x-amz-json-1.0',
  'x-amzn-requestid': randomUUID(),
});

/** SQS's JSON errors: the code in `__type` and in the query-compatible header the SDK reads. */
function sqsError(response: ServerResponse, code: string, message: string) {
  sendJson(
    response,
    400,
    { __type: `com.amazonaws.sqs#${code}`, message },
    { ...jsonHeaders(), 'x-amzn-query-error': `${code};Sender` },
  );
}
