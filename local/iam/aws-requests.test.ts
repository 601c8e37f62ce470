import { describe, expect, it } from 'vitest';
import { callOf, UnreadableRequestError, type LocalArns, type WireRequest } from './aws-requests';

const arns: LocalArns = {
  region: 'eu-west-1',
  account: '000000000000',
  partitionKeyOf: (table, index) =>
    table.startsWith('ates-') ? (index ? `${index}pk` : 'pk') : undefined,
};
const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/ates-auth';
const dynamo = (operation: string, body: object): WireRequest => ({
  method: 'POST',
  path: '/',
  headers: { 'X-Amz-Target': `DynamoDB_20120810.${operation}` },
  body: JSON.stringify(body),
});
const key = (pk: string) => ({ pk: { S: pk }, sk: { S: 'X' } });

describe('what IAM authorizes for a request', () => {
  it('authorizes each item of a transaction as its own action, with its partition key', () => {
    const call = callOf(
      dynamo('TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: 'ates-auth', Item: key('USER#1') } },
          { Update: { TableName: 'ates-auth', Key: key('ACTIVE_ADMINS') } },
          { Delete: { TableName: 'ates-auth', Key: key('LOGIN_ATTEMPTS#a') } },
          { ConditionCheck: { TableName: 'ates-auth', Key: key('SIGNING_KEY') } },
        ],
      }),
      arns,
    );
    expect(call.authorizations).toEqual(
      [
        ['PutItem', 'USER#1'],
        ['UpdateItem', 'ACTIVE_ADMINS'],
        ['DeleteItem', 'LOGIN_ATTEMPTS#a'],
        ['ConditionCheckItem', 'SIGNING_KEY'],
      ].map(([action, pk]) => ({
        action: `dynamodb:${action}`,
        resource: TABLE,
        context: {
          'dynamodb:LeadingKeys': [pk],
          'dynamodb:EnclosingOperation': ['TransactWriteItems'],
        },
      })),
    );
  });

  it('authorizes a batch read once per table, with every key of that table', () => {
    const call = callOf(
      dynamo('BatchGetItem', {
        RequestItems: {
          'ates-auth': { Keys: [key('USER#1'), key('SIGNING_KEY')] },
          'ates-tasker': { Keys: [key('TASK#1')] },
        },
      }),
      arns,
    );
    expect(call.authorizations.map((a) => [a.resource, a.context['dynamodb:LeadingKeys']])).toEqual(
      [
        [TABLE, ['USER#1', 'SIGNING_KEY']],
        ['arn:aws:dynamodb:eu-west-1:000000000000:table/ates-tasker', ['TASK#1']],
      ],
    );
  });

  it("reads a Query's partition key from its key condition, on the table or the index", () => {
    const onTable = callOf(
      dynamo('Query', {
        TableName: 'ates-auth',
        KeyConditionExpression: '#p = :p AND begins_with(sk, :s)',
        ExpressionAttributeNames: { '#p': 'pk' },
        ExpressionAttributeValues: { ':p': { S: 'SIGNING_KEY' }, ':s': { S: 'GEN#' } },
      }),
      arns,
    );
    expect(onTable.authorizations[0]).toMatchObject({
      resource: TABLE,
      context: { 'dynamodb:LeadingKeys': ['SIGNING_KEY'] },
    });
    const onIndex = callOf(
      dynamo('Query', {
        TableName: 'ates-auth',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :u',
        ExpressionAttributeValues: { ':u': { S: 'USERS' } },
      }),
      arns,
    );
    expect(onIndex.authorizations[0]).toMatchObject({
      resource: `${TABLE}/index/gsi1`,
      context: { 'dynamodb:LeadingKeys': ['USERS'] },
    });
    expect(() =>
      callOf(dynamo('Query', { TableName: 'ates-auth', KeyConditionExpression: 'sk = :s' }), arns),
    ).toThrow(UnreadableRequestError);
  });

  it('authorizes each PutEvents entry on its bus with its source, and an SES send on its sender', () => {
    const put = callOf(
      {
        method: 'POST',
        path: '/',
        headers: { 'x-amz-target': 'AWSEvents.PutEvents' },
        body: JSON.stringify({
          Entries: [{ EventBusName: 'ates-dev', Source: 'ates.auth', DetailType: 'user.created' }],
        }),
      },
      arns,
    );
    expect(put.authorizations).toEqual([
      {
        action: 'events:PutEvents',
        resource: 'arn:aws:events:eu-west-1:000000000000:event-bus/ates-dev',
        context: { 'events:source': ['ates.auth'], 'events:detail-type': ['user.created'] },
      },
    ]);
    const send = callOf(
      {
        method: 'POST',
        path: '/v2/email/outbound-emails',
        headers: {},
        body: JSON.stringify({ FromEmailAddress: 'Payouts <payouts@uberpopug.test>' }),
      },
      arns,
    );
    expect(send.authorizations).toEqual([
      {
        action: 'ses:SendEmail',
        resource: 'arn:aws:ses:eu-west-1:000000000000:identity/payouts@uberpopug.test',
        context: { 'ses:FromAddress': ['payouts@uberpopug.test'] },
      },
    ]);
  });

  it('refuses to guess at a request it cannot read', () => {
    expect(() =>
      callOf({ method: 'GET', path: '/2015-03-31/functions', headers: {}, body: '' }, arns),
    ).toThrow(UnreadableRequestError);
    expect(() =>
      callOf({ method: 'GET', path: '/v2/email/identities', headers: {}, body: '' }, arns),
    ).toThrow(UnreadableRequestError);
  });
});
