import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { createTables } from '../../../test/support/tables';
import { laneOf } from '../domain/close';
import { accountingService } from '../service';
import { keys, oldLaneIndex } from '../store/keys';
import { moveLanes } from '../store/lane-move';
import {
  accountsWithLedgers,
  deliver,
  drainOwnEvents,
  testDeps,
  workdayEvents,
} from '../test-support/harness';
import { closeStatus } from '../use-cases/close-status';
import { requestClose } from '../use-cases/request-close';
import { makeAccountingConsumer } from './on-event';

const FEE = 1500;
const REWARD = 3000;
const CLOSE_EVENTS = ['accounting.close_requested', 'accounting.close_chunk_requested'];
const table = () => process.env.ACCOUNTING_TABLE!;

beforeAll(() => createTables([accountingService]));

/** Accounting on the day after `date`, when `date` has ended; prices rolled in the middle. */
const depsAfter = (date: string) =>
  testDeps({
    random: (max) => Math.floor(max / 2),
    clock: () => new Date(Date.parse(`${date}T12:00:00.000Z`) + 86_400_000),
  });

/** A popug hired on `date` who paid a fee and earned a reward: +$15. */
async function earner(date: string, id = randomUUID()) {
  const { hired, assigned, completed } = workdayEvents(date);
  const consumer = makeAccountingConsumer(() => depsAfter(date));
  const task = randomUUID();
  expect(await deliver(consumer, hired(id), assigned(task, id), completed(task, id))).toEqual([]);
  return id;
}

/**
 * The account as the code before the lane index wrote it: its lane in gsi1 (`ACCOUNTS#<nn>` /
 * `<user>`), no lane index keys.
 */
const writtenBeforeTheLaneIndex = (userId: string) =>
  documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.account(userId),
      UpdateExpression: 'SET gsi1pk = :old, gsi1sk = :user REMOVE gsi3pk, gsi3sk',
      ExpressionAttributeValues: { ':old': oldLaneIndex.pk(laneOf(userId)), ':user': userId },
    }),
  );

const accountItem = async (userId: string) =>
  (await documentClient.send(new GetCommand({ TableName: table(), Key: keys.account(userId) })))
    .Item!;

async function close(date: string) {
  const deps = depsAfter(date);
  await requestClose(deps, { date, requestedBy: null }, { correlationId: 'old-lanes' });
  await drainOwnEvents(
    makeAccountingConsumer(() => deps),
    new Set(),
    { names: CLOSE_EVENTS },
  );
  return closeStatus(deps, date);
}

/** Accounts written before the lane index (docs/accounting.md, deploy notes). */
describe('the close over accounts written before the lane index', () => {
  it('pays them where they are, once each, also one learned again since (in both places)', async () => {
    const date = '2026-04-06';
    const [old, oldLearnedAgain, fresh] = [
      await earner(date),
      await earner(date),
      await earner(date),
    ];
    await writtenBeforeTheLaneIndex(old);
    await writtenBeforeTheLaneIndex(oldLearnedAgain);
    // Learned again since the deploy: the snapshot gives it the lane index's keys too.
    const deps = depsAfter(date);
    const changes = deps.unitOfWork.begin({ correlationId: 'old-lanes' });
    deps.accounts.learned(changes, {
      id: oldLearnedAgain,
      email: `${oldLearnedAgain.slice(0, 8)}@uberpopug.test`,
      name: 'Popug',
      role: 'worker',
      active: true,
      revision: 2,
      changed_at: `${date}T11:00:00.000Z`,
    });
    await deps.unitOfWork.commit(changes);
    expect(await accountItem(oldLearnedAgain)).toMatchObject({ gsi1sk: oldLearnedAgain });

    const accounts = (await accountsWithLedgers()).size;
    expect(await close(date)).toMatchObject({
      status: 'done',
      accounts_total: accounts,
      accounts_done: accounts,
      paid_count: 3,
      paid_total_cents: 3 * (REWARD - FEE),
    });
    const after = await accountsWithLedgers();
    for (const id of [old, oldLearnedAgain, fresh]) {
      expect(after.get(id)!.balance).toBe(0);
      expect(after.get(id)!.entries.filter((e) => e.kind === 'payout')).toHaveLength(1);
    }
    expect(
      (await depsAfter(date).people.everyone()).filter((p) => p.id === oldLearnedAgain),
    ).toHaveLength(1);
  });

  it('pays them after `npm run move-lanes` moved them onto the lane index and out of gsi1', async () => {
    const date = '2026-04-08';
    const old = await earner(date);
    await writtenBeforeTheLaneIndex(old);

    const result = await moveLanes(table());
    expect(result.waiting).toBe(0);
    expect(result.moved).toBeGreaterThanOrEqual(1);
    const moved = await accountItem(old);
    expect(moved).toMatchObject({ gsi3sk: old });
    expect(moved).not.toHaveProperty('gsi1pk');
    expect(moved).not.toHaveProperty('gsi1sk');
    // Run again: nothing left to move.
    expect(await moveLanes(table())).toEqual({ moved: 0, waiting: 0 });

    const accounts = (await accountsWithLedgers()).size;
    expect(await close(date)).toMatchObject({
      status: 'done',
      accounts_total: accounts,
      paid_count: 1,
      paid_total_cents: REWARD - FEE,
    });
    expect((await accountsWithLedgers()).get(old)!.balance).toBe(0);
  });
});
