// Long because IAM reads every service's request here: what DynamoDB, EventBridge, SES and SQS each authorize.
import type { AuthorizationRequest } from './policy-evaluator';

/** The parts of an SDK HTTP request the authorization depends on. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Where the local cloud's ARNs point: one account and region, as a deployed stage would have. */
export interface LocalArns {
  readonly region: string;
  readonly account: string;
  /** The partition key attribute of a table (no index) or of one of its GSIs. */
  partitionKeyOf(table: string, index?: string): string | undefined;
}

/** The service and operation, as IAM and the error response name them. */
export interface Call {
  readonly service: 'dynamodb' | 'events' | 'ses' | 'sqs';
  readonly operation: string;
  /** Every authorization IAM makes for this one call; all must be allowed. */
  readonly authorizations: readonly AuthorizationRequest[];
}

/** A request local IAM cannot read: refused, never waved through. */
export class UnreadableRequestError extends Error {
  constructor(message: string) {
    super(`local IAM cannot tell what this request does (so it refuses it): ${message}`);
    this.name = 'UnreadableRequestError';
  }
}

/**
 * What IAM authorizes for one AWS API request, as the services document it:
 * - DynamoDB: the operation on the table (or `table/index/<name>`), `dynamodb:LeadingKeys` the
 *   partition key values it touches. BatchGetItem and BatchWriteItem are authorized once per
 *   table, with every key of that table; TransactWriteItems and TransactGetItems once per item,
 *   as the item's own action (PutItem, UpdateItem, DeleteItem, ConditionCheckItem, GetItem)
 *   with `dynamodb:EnclosingOperation`.
 * - EventBridge PutEvents: each entry on its bus, with `events:source` and `events:detail-type`.
 * - SES SendEmail (v2, and v1 SendEmail/SendRawEmail): the sender's identity, `ses:FromAddress`.
 * - SQS (JSON protocol): the action on the queue its `QueueUrl` names.
 */
export function callOf(request: WireRequest, arns: LocalArns): Call {
  const target = header(request, 'x-amz-target');
  if (target?.startsWith('DynamoDB_20120810.')) {
    return dynamoCall(target.slice('DynamoDB_20120810.'.length), parse(request), arns);
  }
  if (target?.startsWith('AWSEvents.')) {
    return eventsCall(target.slice('AWSEvents.'.length), parse(request), arns);
  }
  if (target?.startsWith('AmazonSQS.')) {
    return sqsCall(target.slice('AmazonSQS.'.length), parse(request));
  }
  if (request.path.startsWith('/v2/email/')) return sesV2Call(request, arns);
  if (request.body.includes('Action=Send')) return sesV1Call(request, arns);
  throw new UnreadableRequestError(`${request.method} ${request.path} (x-amz-target ${target})`);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function dynamoCall(operation: string, body: Json, arns: LocalArns): Call {
  const tableArn = (table: string) =>
    `arn:aws:dynamodb:${arns.region}:${arns.account}:table/${table}`;
  const one = (
    action: string,
    table: string,
    keys: readonly Json[],
    enclosing?: string,
  ): AuthorizationRequest => {
    const pk = arns.partitionKeyOf(table);
    const leading = pk ? keys.map((key) => stringOf(key[pk], `${table}.${pk}`)) : [];
    return {
      action: `dynamodb:${action}`,
      resource: tableArn(table),
      context: {
        ...(pk ? { 'dynamodb:LeadingKeys': leading } : {}),
        ...(enclosing ? { 'dynamodb:EnclosingOperation': [enclosing] } : {}),
      },
    };
  };
  const call = (authorizations: AuthorizationRequest[]): Call => ({
    service: 'dynamodb',
    operation,
    authorizations,
  });
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return call([one(operation, body.TableName, [body.Key])]);
    case 'PutItem':
      return call([one(operation, body.TableName, [body.Item])]);
    case 'Query':
      return call([queryOf(body, arns, tableArn)]);
    case 'BatchGetItem':
      return call(
        Object.entries(body.RequestItems as Record<string, { Keys: Json[] }>).map(([table, r]) =>
          one(operation, table, r.Keys),
        ),
      );
    case 'BatchWriteItem':
      return call(
        Object.entries(body.RequestItems as Record<string, Json[]>).map(([table, writes]) =>
          one(
            operation,
            table,
            writes.map((w) => w.PutRequest?.Item ?? w.DeleteRequest?.Key),
          ),
        ),
      );
    case 'TransactWriteItems':
      return call(
        (body.TransactItems as Json[]).map((item) => {
          if (item.Put) return one('PutItem', item.Put.TableName, [item.Put.Item], operation);
          if (item.Update)
            return one('UpdateItem', item.Update.TableName, [item.Update.Key], operation);
          if (item.Delete)
            return one('DeleteItem', item.Delete.TableName, [item.Delete.Key], operation);
          if (item.ConditionCheck) {
            const check = item.ConditionCheck;
            return one('ConditionCheckItem', check.TableName, [check.Key], operation);
          }
          throw new UnreadableRequestError(`a transaction item ${Object.keys(item).join()}`);
        }),
      );
    case 'TransactGetItems':
      return call(
        (body.TransactItems as Json[]).map((item) =>
          one('GetItem', item.Get.TableName, [item.Get.Key], operation),
        ),
      );
    default: {
      // Scan, DescribeTable, ...: the action on the table or index it names, no key context.
      const table = body.TableName as string | undefined;
      const resource = table
        ? `${tableArn(table)}${body.IndexName ? `/index/${body.IndexName}` : ''}`
        : '*';
      return call([{ action: `dynamodb:${operation}`, resource, context: {} }]);
    }
  }
}

/** A Query's LeadingKeys: the value its key condition gives the (table's or index's) partition key. */
function queryOf(
  body: Json,
  arns: LocalArns,
  tableArn: (table: string) => string,
): AuthorizationRequest {
  const table = body.TableName as string;
  const index = body.IndexName as string | undefined;
  const pk = arns.partitionKeyOf(table, index);
  const expression = (body.KeyConditionExpression as string | undefined) ?? '';
  const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (body.ExpressionAttributeValues ?? {}) as Record<string, Json>;
  const leading = [...expression.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)]
    .filter(([, name]) => (names[name!] ?? name) === pk)
    .map(([, , value]) => stringOf(values[value!], `${table} key condition`));
  if (pk && leading.length !== 1) {
    throw new UnreadableRequestError(`the partition key of the Query "${expression}" on ${table}`);
  }
  return {
    action: 'dynamodb:Query',
    resource: `${tableArn(table)}${index ? `/index/${index}` : ''}`,
    context: pk ? { 'dynamodb:LeadingKeys': leading } : ({} as AuthorizationRequest['context']),
  };
}

function eventsCall(operation: string, body: Json, arns: LocalArns): Call {
  const busArn = (bus = 'default') =>
    bus.startsWith('arn:') ? bus : `arn:aws:events:${arns.region}:${arns.account}:event-bus/${bus}`;
  if (operation !== 'PutEvents') {
    return {
      service: 'events',
      operation,
      authorizations: [{ action: `events:${operation}`, resource: '*', context: {} }],
    };
  }
  return {
    service: 'events',
    operation,
    authorizations: (body.Entries as Json[]).map((entry) => ({
      action: 'events:PutEvents',
      resource: busArn(entry.EventBusName),
      context: { 'events:source': [entry.Source], 'events:detail-type': [entry.DetailType] },
    })),
  };
}

/**
 * An SQS call is authorized on the queue: `https://sqs.<region>.amazonaws.com/<account>/<name>`
 * is `arn:aws:sqs:<region>:<account>:<name>`. The batch form is authorized as the single action
 * (Service Authorization Reference: SQS has no separate batch actions).
 */
function sqsCall(operation: string, body: Json): Call {
  const url = typeof body.QueueUrl === 'string' ? body.QueueUrl : '';
  const [account, name] = url.split('/').slice(-2);
  const region = /sqs\.([a-z0-9-]+)\./.exec(url)?.[1];
  if (!account || !name || !region) throw new UnreadableRequestError(`the SQS QueueUrl "${url}"`);
  return {
    service: 'sqs',
    operation,
    authorizations: [
      {
        action: `sqs:${operation.replace(/Batch$/, '')}`,
        resource: `arn:aws:sqs:${region}:${account}:${name}`,
        context: {},
      },
    ],
  };
}

function sesV2Call(request: WireRequest, arns: LocalArns): Call {
  // GetAccount names no resource: IAM authorizes it on `*`.
  if (request.method === 'GET' && request.path === '/v2/email/account') {
    return {
      service: 'ses',
      operation: 'GetAccount',
      authorizations: [{ action: 'ses:GetAccount', resource: '*', context: {} }],
    };
  }
  if (request.method !== 'POST' || request.path !== '/v2/email/outbound-emails') {
    throw new UnreadableRequestError(`SES v2 ${request.method} ${request.path}`);
  }
  const body = parse(request);
  return sesSend('SendEmail', body.FromEmailAddress, arns, body.ConfigurationSetName);
}

function sesV1Call(request: WireRequest, arns: LocalArns): Call {
  const params = new URLSearchParams(request.body);
  const action = params.get('Action');
  if (action !== 'SendEmail' && action !== 'SendRawEmail') {
    throw new UnreadableRequestError(`SES ${action}`);
  }
  return sesSend(
    action,
    params.get('Source') ?? undefined,
    arns,
    params.get('ConfigurationSetName') ?? undefined,
  );
}

/**
 * SES authorizes a send against the sender's identity, with the From address as the condition,
 * and against the configuration set it names, if any (SendEmail's resource types are identity
 * and configuration-set).
 */
function sesSend(
  operation: string,
  from: unknown,
  arns: LocalArns,
  configurationSet?: unknown,
): Call {
  if (typeof from !== 'string' || !from) {
    throw new UnreadableRequestError(`SES ${operation} without a From address`);
  }
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const context = { 'ses:FromAddress': [address] };
  const action = `ses:${operation}`;
  return {
    service: 'ses',
    operation,
    authorizations: [
      {
        action,
        resource: `arn:aws:ses:${arns.region}:${arns.account}:identity/${address}`,
        context,
      },
      ...(typeof configurationSet === 'string' && configurationSet
        ? [
            {
              action,
              resource: `arn:aws:ses:${arns.region}:${arns.account}:configuration-set/${configurationSet}`,
              context,
            },
          ]
        : []),
    ],
  };
}

function parse(request: WireRequest): Json {
  try {
    return JSON.parse(request.body || '{}') as Json;
  } catch {
    throw new UnreadableRequestError(`a body that is not JSON`);
  }
}

function header(request: WireRequest, name: string): string | undefined {
  const found = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

/** A key attribute's value as IAM compares it: the string of an S (or N) attribute. */
function stringOf(attribute: Json | undefined, where: string): string {
  const value = attribute?.S ?? attribute?.N;
  if (typeof value !== 'string') throw new UnreadableRequestError(`the key value of ${where}`);
  return value;
}
