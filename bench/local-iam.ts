import { performance } from 'node:perf_hooks';
import { SERVICES } from '../functions/services';
import { localIamOf } from '../local/iam/local-policies';
import type { WireRequest } from '../local/iam/aws-requests';

/**
 * `npx tsx bench/local-iam.ts`: the CPU the local cloud's IAM spends judging one call (reading
 * the request, evaluating the function's policy, recording the use), per kind of call the
 * functions make. Nothing asserted; compare runs before and after a change.
 */
const iam = localIamOf(SERVICES, {
  region: 'us-east-1',
  tablePrefix: 'ates-',
  busName: 'ates-local',
});
const dynamo = (operation: string, body: object): WireRequest => ({
  method: 'POST',
  path: '/',
  headers: { 'x-amz-target': `DynamoDB_20120810.${operation}` },
  body: JSON.stringify(body),
});
const key = (i: number) => ({ pk: { S: `ACCOUNT#${i}` }, sk: { S: 'ACCOUNT' } });
const transaction = (items: number) =>
  dynamo('TransactWriteItems', {
    TransactItems: Array.from({ length: items }, (_, i) => ({
      Update: { TableName: 'ates-accounting', Key: key(i), UpdateExpression: 'SET a = :a' },
    })),
  });
const cases: [string, string, WireRequest][] = [
  [
    'GetItem',
    'ates-accounting-consumer',
    dynamo('GetItem', { TableName: 'ates-accounting', Key: key(1) }),
  ],
  [
    'Query',
    'ates-auth-login',
    dynamo('Query', {
      TableName: 'ates-auth',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'SIGNING_KEY' } },
    }),
  ],
  ['TransactWriteItems ×4', 'ates-accounting-consumer', transaction(4)],
  ['TransactWriteItems ×100', 'ates-accounting-consumer', transaction(100)],
  [
    'PutEvents ×10',
    'ates-tasker-relay',
    {
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({
        Entries: Array.from({ length: 10 }, () => ({
          EventBusName: 'ates-local',
          Source: 'ates.tasker',
          DetailType: 'task.assigned',
          Detail: JSON.stringify({ metadata: {}, data: { task_id: 'x'.repeat(36) } }),
        })),
      }),
    },
  ],
];
for (const [label, fn, request] of cases) {
  if (iam.judge(fn, request)) throw new Error(`${label} was denied`);
  const rounds = 20_000;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) iam.judge(fn, request);
  const micros = ((performance.now() - start) * 1000) / rounds;
  console.log(`${label.padEnd(26)} ${micros.toFixed(1).padStart(7)} µs a call`);
}
