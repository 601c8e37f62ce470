import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../functions/services';
import { installEnforcement, runAsFunction } from './enforcement';
import { localIamOf } from './local-policies';

// Nothing listens here: a call that got past IAM would fail to connect instead.
const endpoint = 'http://127.0.0.1:9';
const options = { region: 'us-east-1', endpoint, maxAttempts: 1 };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const iam = localIamOf(SERVICES, {
  region: 'us-east-1',
  tablePrefix: 'ates-',
  busName: 'ates-local',
});

describe('a denied call, as the SDK surfaces it', () => {
  let uninstall: () => void;
  beforeAll(() => {
    uninstall = installEnforcement(iam);
  });
  afterAll(() => uninstall());

  it('DynamoDB: AccessDeniedException, 400, with the explicit deny named', async () => {
    const client = new DynamoDBClient({ ...options, credentials });
    const read = new GetItemCommand({
      TableName: 'ates-auth',
      Key: { pk: { S: 'SIGNING_KEY' }, sk: { S: 'GEN#000001' } },
    });
    const error = await runAsFunction('ates-auth-me', () => client.send(read)).catch((e) => e);
    expect(error).toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringMatching(
        /assumed-role\/ates-auth-me\/.* is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/ates-auth with an explicit deny/,
      ),
    });
  });

  it('EventBridge: a consumer may not put events, nor a relay another domain s', async () => {
    const client = new EventBridgeClient({ ...options, credentials });
    const put = (source: string) =>
      new PutEventsCommand({
        Entries: [{ EventBusName: 'ates-local', Source: source, DetailType: 'x', Detail: '{}' }],
      });
    for (const [fn, source] of [
      ['ates-tasker-consumer', 'ates.tasker'],
      ['ates-tasker-relay', 'ates.auth'],
    ] as const) {
      const error = await runAsFunction(fn, () => client.send(put(source))).catch((e) => e);
      expect(error).toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining(
          'because no identity-based policy allows the events:PutEvents action',
        ),
      });
    }
  });

  it('SES: only the mail sender, and only from the sender address', async () => {
    const client = new SESv2Client({ ...options, credentials });
    const send = (from: string) =>
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: ['popug@uberpopug.test'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      });
    for (const [fn, from] of [
      ['ates-accounting-closeDay', 'payouts@uberpopug.test'],
      ['ates-accounting-consumer', 'ceo@uberpopug.test'],
    ] as const) {
      const error = await runAsFunction(fn, () => client.send(send(from))).catch((e) => e);
      expect(error).toMatchObject({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      });
    }
    // The allowed send gets past IAM and meets the closed port.
    const allowed = await runAsFunction('ates-accounting-consumer', () =>
      client.send(send('payouts@uberpopug.test')),
    ).catch((e) => e);
    expect(allowed.name).not.toBe('AccessDeniedException');
  });

  it('SES: a send naming a configuration set is judged on that set too: only its own', async () => {
    const client = new SESv2Client({ ...options, credentials });
    const send = (configurationSet: string) =>
      runAsFunction('ates-accounting-consumer', () =>
        client.send(
          new SendEmailCommand({
            FromEmailAddress: 'payouts@uberpopug.test',
            ConfigurationSetName: configurationSet,
            Destination: { ToAddresses: ['popug@uberpopug.test'] },
            Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
          }),
        ),
      ).catch((e) => e);
    expect(await send('marketing')).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        'ses:SendEmail on resource: arn:aws:ses:us-east-1:000000000000:configuration-set/marketing',
      ),
    });
    expect((await send('ates-local-mail')).name).not.toBe('AccessDeniedException');
  });

  it('SQS: a consumer may hand a message back to its own queue only, and no route may', async () => {
    const client = new SQSClient({ ...options, credentials, useQueueUrlAsEndpoint: false });
    const handBack = (domain: string) =>
      new ChangeMessageVisibilityCommand({
        QueueUrl: `https://sqs.us-east-1.amazonaws.com/000000000000/ates-${domain}-events`,
        ReceiptHandle: 'm-1#1',
        VisibilityTimeout: 2,
      });
    for (const [fn, domain] of [
      ['ates-accounting-consumer', 'tasker'],
      ['ates-accounting-closeDay', 'accounting'],
    ] as const) {
      const error = await runAsFunction(fn, () => client.send(handBack(domain))).catch((e) => e);
      expect(error).toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
        message: expect.stringContaining(
          `not authorized to perform: sqs:ChangeMessageVisibility on resource: arn:aws:sqs:us-east-1:000000000000:ates-${domain}-events`,
        ),
      });
    }
    const allowed = await runAsFunction('ates-accounting-consumer', () =>
      client.send(handBack('accounting')),
    ).catch((e) => e);
    expect(allowed.name).not.toMatch(/AccessDenied/);
  });

  it('judges nothing outside an invocation: the cloud s own calls', async () => {
    const client = new DynamoDBClient({ ...options, credentials });
    const error = await client
      .send(new GetItemCommand({ TableName: 'ates-auth', Key: { pk: { S: 'SIGNING_KEY' } } }))
      .catch((e) => e);
    expect(error.name).not.toBe('AccessDeniedException');
  });
});
