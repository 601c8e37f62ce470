import type { Faults } from './faults';
import { awsJsonResponse, type SdkHttpResponse } from '../iam/enforcement';
import type { WireRequest } from '../iam/aws-requests';

const DYNAMO = 'com.amazonaws.dynamodb.v20120810#';
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const TRANSACTION = 'TransactWriteItems';
const THROTTLED_MESSAGE =
  'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly.';

/**
 * The `dynamoThrottle` fault: answers a function's DynamoDB request as DynamoDB answers one over
 * its capacity, before it reaches DynamoDB Local (so it writes nothing). A read or a write gets
 * a 400 `ThrottlingException` or `ProvisionedThroughputExceededException`, both of which the
 * SDK's retry strategy retries; a TransactWriteItems is cancelled with a `ThrottlingError`
 * reason on one of its items, which the SDK does not retry (the app must). Other services' calls
 * pass untouched.
 */
export function dynamoThrottleFault(faults: Faults) {
  return (request: WireRequest): SdkHttpResponse | undefined => {
    const target = Object.entries(request.headers).find(
      ([name]) => name.toLowerCase() === 'x-amz-target',
    )?.[1];
    if (!target?.startsWith('DynamoDB_20120810.')) return undefined;
    const action = target.slice('DynamoDB_20120810.'.length);
    const kind = action === TRANSACTION ? 'transaction' : READS.has(action) ? 'read' : 'write';
    if (!faults.chance(faults.options.dynamoThrottle, `dynamoThrottle:${kind}`)) return undefined;
    if (action === TRANSACTION) {
      faults.stats.dynamoTransactionsThrottled += 1;
      const items = (JSON.parse(request.body) as { TransactItems?: unknown[] }).TransactItems ?? [];
      const throttled = Math.floor(faults.random() * items.length);
      const reasons = items.map((_, i) =>
        i === throttled
          ? { Code: 'ThrottlingError', Message: THROTTLED_MESSAGE }
          : { Code: 'None' },
      );
      return awsJsonResponse(400, {
        __type: `${DYNAMO}TransactionCanceledException`,
        Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      });
    }
    if (READS.has(action)) faults.stats.dynamoReadsThrottled += 1;
    else faults.stats.dynamoWritesThrottled += 1;
    const error =
      faults.random() < 0.5 ? 'ThrottlingException' : 'ProvisionedThroughputExceededException';
    return awsJsonResponse(400, { __type: `${DYNAMO}${error}`, message: THROTTLED_MESSAGE });
  };
}
