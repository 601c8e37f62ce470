import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { realNow } from '../clock/business-clock';

/** The Lambda context a handler gets (Powertools' logger reads its fields). */
export function lambdaContext(
  functionName: string,
  timeoutSeconds = 10,
  awsRequestId: string = randomUUID(),
): Context {
  // The machine's time: moving the business clock must not end an invocation early.
  const deadline = realNow() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION ?? 'us-east-1'}:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - realNow()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
