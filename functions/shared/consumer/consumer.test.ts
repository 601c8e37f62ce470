import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { createTables } from '../../../test/support/tables';
import { documentClient } from '../dynamo';
import { outboxRow } from '../outbox/outbox';
import { createConsumerHandler, on } from './consumer';

const table = () => process.env.TASKER_TABLE!;

/** A reaction that counts deliveries it applied, so a duplicate shows up as a second count. */
const handler = createConsumerHandler({
  tableName: table,
  subscriptions: [
    on(userCreatedV1, async ({ data }) => [
      {
        Update: {
          TableName: table(),
          Key: { pk: `COUNT#${data.id}`, sk: 'COUNT' },
          UpdateExpression: 'ADD applied :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]),
    on(taskCompletedV1, async () => {
      throw new Error('reaction failed');
    }),
  ],
});

function sqsEventOf(...bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({ messageId: `m${i}`, body }) as SQSEvent['Records'][number]),
  };
}

function busMessage(row: ReturnType<typeof outboxRow>) {
  return JSON.stringify({
    id: randomUUID(),
    source: row.source,
    'detail-type': row.detail_type,
    detail: JSON.parse(row.detail),
  });
}

const newUser = () => ({
  id: randomUUID(),
  email: 'kiwi@uberpopug.test',
  name: 'Kiwi',
  role: 'worker' as const,
  active: true,
  revision: 1,
  changed_at: new Date().toISOString(),
});

async function appliedCount(id: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk: `COUNT#${id}`, sk: 'COUNT' } }),
  );
  return Item?.applied ?? 0;
}

describe('event consumer', () => {
  beforeAll(() => createTables());

  it('applies an event once even when the bus delivers it twice', async () => {
    const user = newUser();
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'c1' }));
    expect(await handler(sqsEventOf(message))).toEqual({
      batchItemFailures: [],
    });
    expect(await handler(sqsEventOf(message, message))).toEqual({
      batchItemFailures: [],
    });
    expect(await appliedCount(user.id)).toBe(1);
  });

  it('reports only the failed records of a batch', async () => {
    const user = newUser();
    const good = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'c2' }));
    const failing = busMessage(
      outboxRow(
        taskCompletedV1,
        { id: randomUUID(), user_id: user.id, completed_at: new Date().toISOString() },
        { correlationId: 'c2' },
      ),
    );
    const result = await handler(sqsEventOf(failing, good));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(await appliedCount(user.id)).toBe(1);
  });

  it('refuses an event version nobody registered and a body that breaks its contract', async () => {
    const row = outboxRow(userCreatedV1, newUser(), { correlationId: 'c3' });
    const detail = JSON.parse(row.detail);
    const unknownVersion = JSON.stringify({
      source: row.source,
      'detail-type': row.detail_type,
      detail: { ...detail, metadata: { ...detail.metadata, event_version: 9 } },
    });
    const brokenData = JSON.stringify({
      source: row.source,
      'detail-type': row.detail_type,
      detail: { ...detail, data: { id: 'not-a-uuid' } },
    });
    const result = await handler(sqsEventOf(unknownVersion, brokenData, 'not json')).catch(
      (e) => e,
    );
    // Every record failed: Powertools throws so the whole batch goes back to the queue.
    expect(result).toBeInstanceOf(Error);
  });
});
