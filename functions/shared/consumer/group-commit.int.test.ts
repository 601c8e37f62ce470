// Long because each promise of the group commit (one transaction, merged adds, duplicates, stale reads, poison) is checked on real DynamoDB.
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeniedV1 } from '#events/auth/user.denied.v1';
import { createTables } from '../../../test/support/tables';
import { documentClient, guarded, type TransactItem } from '../dynamo';
import { logger } from '../logger';
import { detailsOf, outboxRow, type OutboxRow } from '../outbox/outbox';
import { createConsumerHandler, on } from './consumer';

const table = () => process.env.TASKER_TABLE!;

/**
 * A grouped reaction shaped like a movement's: an item keyed by the user (its own marker), an
 * unconditional add to its run's counter (a day's shard), the user's team moved from the version
 * read (an account's balance) and one event published, all of a run named by the user's email.
 */
const raced = new Set<string>();
const handler = createConsumerHandler({
  domain: 'tasker',
  tableName: table,
  subscriptions: [
    on(
      userCreatedV1,
      async ({ data }, changes) => {
        // Applied before (its marker is there): nothing to do, as a ledger entry found. An
        // `unread` user's reaction does not look, as Accounting's fee does not: its marker's
        // guard refuses it at commit.
        if (data.name !== 'unread' && (await welcomed(data.id))) return;
        const team = await teamOf(data.email, data.name);
        // Another writer moves a `raced` team once, between this read and the group's commit.
        if (data.name === 'raced' && !raced.has(data.email)) {
          raced.add(data.email);
          await documentClient.send(
            new PutCommand({
              TableName: table(),
              Item: { ...teamKey(data.email, data.name), members: 10, version: 1 },
            }),
          );
        }
        changes.write(
          guarded('welcome_is_new', {
            Put: {
              TableName: table(),
              Item: { pk: `WELCOME#${data.id}`, sk: 'WELCOME', run: data.email },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }),
          countAdd({
            Update: {
              TableName: table(),
              Key: { pk: `COUNT#${data.email}`, sk: 'COUNT' },
              UpdateExpression: 'SET record_type = :type ADD applied :one, revisions :revision',
              ExpressionAttributeValues: {
                ':type': 'count',
                ':one': 1,
                ':revision': data.revision,
              },
            },
          }),
          guarded('team_unchanged', {
            Put: {
              TableName: table(),
              Item: {
                ...teamKey(data.email, data.name),
                members: team.members + 1,
                version: team.version + 1,
              },
              ConditionExpression:
                team.version === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
              ...(team.version === 0
                ? {}
                : { ExpressionAttributeValues: { ':read': team.version } }),
            },
          }),
        );
        changes.publish(userDeniedV1, {
          email: `${data.id}@group.test`,
          reason: 'bad_credentials',
          denied_at: '2026-12-06T10:00:00.000Z',
        });
      },
      { markedBy: 'welcome_is_new', groupCommit: true },
    ),
  ],
});

/** An unconditional add, as a day's shard is. */
const countAdd = (item: TransactItem) => item;

const teamKey = (run: string, team: string) => ({ pk: `TEAM#${run}#${team}`, sk: 'TEAM' });

async function teamOf(run: string, team: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: teamKey(run, team), ConsistentRead: true }),
  );
  return { members: (Item?.members as number) ?? 0, version: (Item?.version as number) ?? 0 };
}

async function welcomed(id: string) {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `WELCOME#${id}`, sk: 'WELCOME' },
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

async function countOf(run: string) {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `COUNT#${run}`, sk: 'COUNT' },
      ConsistentRead: true,
    }),
  );
  return { applied: Item?.applied ?? 0, revisions: Item?.revisions ?? 0 };
}

let nextMessage = 0;
const batchOf = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map(
    (body) => ({ messageId: `g${nextMessage++}`, body }) as SQSEvent['Records'][number],
  ),
});

/** A user.created of run `run` in `team`, caused by request `correlationId`. */
function created(run: string, team: string, correlationId: string = randomUUID(), revision = 1) {
  const row = outboxRow(
    userCreatedV1,
    {
      id: randomUUID(),
      email: run,
      name: team,
      role: 'worker',
      active: true,
      revision,
      changed_at: '2026-12-06T09:00:00.000Z',
    },
    { correlationId, now: new Date('2026-12-06T09:00:00.000Z') },
  );
  return JSON.stringify({
    source: row.source,
    'detail-type': row.detail_type,
    detail: JSON.parse(row.detail),
  });
}

const newRun = () => `${randomUUID()}@run.test`;

/** Every transaction the consumer sent, as its items. */
function transactionsSent() {
  const send = vi.spyOn(documentClient, 'send');
  return () =>
    send.mock.calls
      .map(([command]) => command)
      .filter((command) => command instanceof TransactWriteCommand)
      .map((command) => (command as TransactWriteCommand).input.TransactItems ?? []);
}

/** How many group commits were refused (each then committed its events alone). */
function refusedGroups() {
  const info = vi.spyOn(logger, 'info');
  return () =>
    info.mock.calls.filter(
      ([message]) => message === 'group commit refused; the refused events commit alone',
    ).length;
}

beforeAll(() => createTables());
afterEach(() => vi.restoreAllMocks());

describe('group commit of a batch', () => {
  it('commits a batch in one transaction: one add carrying the sum, the events in one row with their own correlation ids', async () => {
    const run = newRun();
    const sent = transactionsSent();
    const bodies = Array.from({ length: 5 }, (_, i) =>
      created(run, `team-${i}`, `request-${i}`, i + 1),
    );
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });

    const [transaction, ...more] = sent();
    expect(more).toEqual([]);
    // 5 markers, 5 teams, ONE counter add, ONE outbox row.
    expect(transaction).toHaveLength(12);
    const adds = transaction!.filter((item) => item.Update?.Key?.pk === `COUNT#${run}`);
    expect(adds).toHaveLength(1);
    expect(adds[0]!.Update!.ExpressionAttributeValues).toMatchObject({
      ':one': 5,
      ':revision': 15,
    });
    expect(await countOf(run)).toEqual({ applied: 5, revisions: 15 });

    const rows = transaction!.filter((item) => item.Put?.Item?.record_type === 'outbox');
    expect(rows).toHaveLength(1);
    const envelopes = detailsOf(rows[0]!.Put!.Item as OutboxRow).map((detail) =>
      JSON.parse(detail),
    );
    expect(envelopes.map((e) => e.metadata.correlation_id)).toEqual(
      bodies.map((_, i) => `request-${i}`),
    );
  });

  it('applies the new events of a batch once and lets a duplicate of an applied one change nothing', async () => {
    const run = newRun();
    const applied = created(run, 'a');
    await handler(batchOf(applied));
    const refused = refusedGroups();
    expect(await handler(batchOf(created(run, 'b'), applied, created(run, 'c')))).toEqual({
      batchItemFailures: [],
    });
    expect(await countOf(run)).toEqual({ applied: 3, revisions: 3 });
    expect((await teamOf(run, 'a')).members).toBe(1);
    // A third copy finds the marker its second left: the group is refused, each event alone.
    expect(await handler(batchOf(applied, created(run, 'd')))).toEqual({ batchItemFailures: [] });
    expect(refused()).toBe(1);
    expect(await countOf(run)).toEqual({ applied: 4, revisions: 4 });
    expect((await teamOf(run, 'a')).members).toBe(1);
  });

  it('applies the same event twice in one batch once', async () => {
    const run = newRun();
    const message = created(run, 'a');
    expect(await handler(batchOf(message, created(run, 'b'), message))).toEqual({
      batchItemFailures: [],
    });
    expect(await countOf(run)).toEqual({ applied: 2, revisions: 2 });
    expect((await teamOf(run, 'a')).members).toBe(1);
  });

  it('commits the group before an event that writes an item the group wrote, which then reads it fresh', async () => {
    const run = newRun();
    const refused = refusedGroups();
    const sent = transactionsSent();
    // Three of one team (a non-mergeable write read at a version) between two of others.
    const bodies = [
      created(run, 'x'),
      created(run, 'hot'),
      created(run, 'hot'),
      created(run, 'y'),
      created(run, 'hot'),
    ];
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
    expect(await teamOf(run, 'hot')).toEqual({ members: 3, version: 3 });
    expect(await countOf(run)).toEqual({ applied: 5, revisions: 5 });
    // No group was refused: each stale read was found before its commit, not by DynamoDB.
    expect(refused()).toBe(0);
    expect(sent()).toHaveLength(3);
  });

  it('reads again an event whose item a group of its batch committed after the event’s reaction read, refusing no group', async () => {
    const run = newRun();
    const refused = refusedGroups();
    const sent = transactionsSent();
    // The second `y` sends the first group (`hot`, `y`) to commit; the second `hot` read its
    // team before that commit, though the pending group then holds no write of it.
    const bodies = [created(run, 'hot'), created(run, 'y'), created(run, 'y'), created(run, 'hot')];
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
    expect(await teamOf(run, 'hot')).toEqual({ members: 2, version: 2 });
    expect(await teamOf(run, 'y')).toEqual({ members: 2, version: 2 });
    expect(await countOf(run)).toEqual({ applied: 4, revisions: 4 });
    expect(refused()).toBe(0);
    expect(sent()).toHaveLength(2);
  });

  it('commits the rest of a group again when one event’s read raced, and that one alone after reading again', async () => {
    const run = newRun();
    const sent = transactionsSent();
    const refused = refusedGroups();
    expect(
      await handler(batchOf(created(run, 'a'), created(run, 'raced'), created(run, 'b'))),
    ).toEqual({
      batchItemFailures: [],
    });
    expect(refused()).toBe(1);
    // The group of three (refused by the raced team), the other two together, the raced one.
    expect(sent().map((items) => items.length)).toEqual([3 * 2 + 1 + 1, 2 * 2 + 1 + 1, 4]);
    expect(await teamOf(run, 'raced')).toEqual({ members: 11, version: 2 });
    expect(await countOf(run)).toEqual({ applied: 3, revisions: 3 });
  });

  it('takes a member refused by its own marker for a duplicate, without reading it again', async () => {
    const run = newRun();
    const again = created(run, 'unread');
    expect(await handler(batchOf(again))).toEqual({ batchItemFailures: [] });
    const sent = transactionsSent();
    const refused = refusedGroups();
    expect(await handler(batchOf(created(run, 'a'), again, created(run, 'b')))).toEqual({
      batchItemFailures: [],
    });
    expect(refused()).toBe(1);
    // The group of three (refused by the duplicate's marker), the other two together: no third
    // transaction for the duplicate, which reading again would only have found applied.
    expect(sent().map((items) => items.length)).toEqual([3 * 2 + 1 + 1, 2 * 2 + 1 + 1]);
    expect(await countOf(run)).toEqual({ applied: 3, revisions: 3 });
    expect(await teamOf(run, 'unread')).toEqual({ members: 1, version: 1 });
  });

  it('changes nothing when a committed batch is delivered again whole', async () => {
    const run = newRun();
    const bodies = [created(run, 'a'), created(run, 'b'), created(run, 'a')];
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
    const before = [await countOf(run), await teamOf(run, 'a'), await teamOf(run, 'b')];
    // A crash after the commit: the queue delivers every record again, twice over.
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
    expect([await countOf(run), await teamOf(run, 'a'), await teamOf(run, 'b')]).toEqual(before);
    expect(before[0]).toEqual({ applied: 3, revisions: 3 });
  });

  it('reports a poison record in the middle failed and commits the others', async () => {
    const run = newRun();
    const batch = batchOf(created(run, 'a'), 'not json', created(run, 'b'));
    expect(await handler(batch)).toEqual({
      batchItemFailures: [{ itemIdentifier: batch.Records[1]!.messageId }],
    });
    expect(await countOf(run)).toEqual({ applied: 2, revisions: 2 });
  });
});
