import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { callsDuring, readsOf as reads } from '../../../test/support/dynamo-calls';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { makeAccountingConsumer } from './on-event';
import {
  accountsWithLedgers,
  busMessageOf,
  deliver,
  expectBalancesMatchLedgers,
  testDeps,
  workdayEvents,
} from '../test-support/harness';

// Built once, as in a warm Lambda: the ledger store remembers the first movement's date.
const deps = testDeps();
const consumer = makeAccountingConsumer(() => deps);
const { at, assigned, completed } = workdayEvents('2026-03-03');

beforeAll(() => createTables([accountingService]));

describe("Accounting's reads per event", () => {
  it("a fee's and a reward's: one consistent BatchGetItem of the price and the account, none of the entry", async () => {
    // The first movement of the process reads (and may set) the first movement's date once.
    expect(await deliver(consumer, assigned(randomUUID(), randomUUID()))).toEqual([]);

    const [task, popug] = [randomUUID(), randomUUID()];
    for (const message of [assigned(task, popug), completed(task, popug)]) {
      const calls = await callsDuring(async () =>
        expect(await deliver(consumer, message)).toEqual([]),
      );
      expect(reads(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
      const { input } = reads(calls)[0]!;
      const [request] = Object.values(input.RequestItems as Record<string, unknown>) as [
        { Keys: { pk: string; sk: string }[]; ConsistentRead: boolean },
      ];
      expect(request.ConsistentRead).toBe(true);
      expect(request.Keys.map((k) => `${k.pk.split('#')[0]} ${k.sk.split('#')[0]}`).sort()).toEqual(
        ['ACCOUNT ACCOUNT', 'TASK PRICE'],
      );
      // Then the commit: the reads come first, all of them.
      expect(calls[0]!.operation).toBe('BatchGetItem');
    }
    await expectBalancesMatchLedgers(expect);
  });

  it("a batch's fees and rewards, reacted to at once: one BatchGetItem for all of their reads", async () => {
    const tasks = Array.from({ length: 5 }, () => ({ task: randomUUID(), popug: randomUUID() }));
    // Each task's fee first (its price rolled on first sight), then a batch of the rewards of
    // some and the fees of others: every reaction asks for its price and account in one turn.
    for (const { task, popug } of tasks.slice(0, 3))
      expect(await deliver(consumer, assigned(task, popug))).toEqual([]);
    const batch = [
      ...tasks.slice(0, 3).map(({ task, popug }) => completed(task, popug)),
      ...tasks.slice(3).map(({ task, popug }) => assigned(task, popug)),
    ];
    const calls = await callsDuring(async () =>
      expect(await deliver(consumer, ...batch)).toEqual([]),
    );
    expect(reads(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
    const { input } = reads(calls)[0]!;
    const [request] = Object.values(input.RequestItems as Record<string, unknown>) as [
      { Keys: unknown[]; ConsistentRead: boolean },
    ];
    expect(request.ConsistentRead).toBe(true);
    expect(request.Keys).toHaveLength(2 * batch.length);
    // Each reaction took its own items from the one answer: every fee and reward posted once.
    const ledgers = await accountsWithLedgers();
    const kinds = tasks.map(({ popug }) =>
      ledgers
        .get(popug)
        ?.entries.map((e) => e.kind)
        .sort(),
    );
    expect(kinds).toEqual([...Array(3).fill(['fee', 'reward']), ...Array(2).fill(['fee'])]);
    await expectBalancesMatchLedgers(expect);
  });

  it('a redelivered fee: its commit is refused by its entry, and nothing is written again', async () => {
    const [task, popug] = [randomUUID(), randomUUID()];
    const message = assigned(task, popug);
    expect(await deliver(consumer, message)).toEqual([]);
    const posted = await deps.accounts.find(popug);
    const calls = await callsDuring(async () =>
      expect(await deliver(consumer, message)).toEqual([]),
    );
    // The price and the account, then the movement's commit, refused by its entry's guard (a
    // duplicate, as the consumer takes it): one read and one refused write, no retry.
    expect(calls.map((c) => c.operation)).toEqual(['BatchGetItem', 'TransactWriteItems']);
    expect(await deps.accounts.find(popug)).toEqual(posted);
    await expectBalancesMatchLedgers(expect);
  });

  it("a task's details: none, one conditional put, and a redelivery's put is refused", async () => {
    const task = busMessageOf(taskCreatedV2, {
      id: randomUUID(),
      title: 'Feed parrots',
      jira_id: null,
      description: 'd',
      assignee_id: randomUUID(),
      status: 'open',
      created_at: at(8),
    });
    for (const _delivery of ['first', 'again']) {
      const calls = await callsDuring(async () =>
        expect(await deliver(consumer, task)).toEqual([]),
      );
      expect(calls.map((c) => c.operation)).toEqual(['PutItem']);
    }
  });
});
