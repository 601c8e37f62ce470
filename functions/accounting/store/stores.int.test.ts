import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { pollUntil } from '../../../test/support/poll';
import type { Entry } from '../domain/ledger';
import { postOn } from '../domain/posting';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { accountStoreContract } from './account-store.contract';
import { keys } from './keys';
import { ledgerStoreContract, onTask, post } from './ledger-store.contract';
import { taskStoreContract } from './task-store.contract';
import { closeStoreContract } from './close-store.contract';
import { mailLogContract } from './mail-log.contract';
import { movementReadsContract } from './movement-reads.contract';

/** Every store port's contract on DynamoDB Local, in one file so the table is made once. */
beforeAll(() => createTables([accountingService]));

describe('the account-store port on DynamoDB', () =>
  accountStoreContract(() => buildAccountingDeps()));
describe('the ledger-store port on DynamoDB', () =>
  ledgerStoreContract(() => buildAccountingDeps()));
describe('the task-store port on DynamoDB', () => taskStoreContract(() => buildAccountingDeps()));
describe('the close-store port on DynamoDB', () => closeStoreContract(() => buildAccountingDeps()));
describe('the mail-log port on DynamoDB', () => mailLogContract(() => buildAccountingDeps()));
describe('the movement-reads port on DynamoDB', () =>
  movementReadsContract(() => buildAccountingDeps()));

/**
 * Movement lines written beside the task before the task index (`MOVE#<at>#<entry>`) are old
 * data the history still shows, merged with the indexed entries in one order, each movement once.
 */
describe('the task history on DynamoDB, with the lines written before the task index', () => {
  const table = process.env.ACCOUNTING_TABLE!;
  const oldLine = (taskId: string, entry: Entry) =>
    documentClient.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.taskMovement(taskId, entry.at, entry.id),
          record_type: 'task_movement',
          entry_id: entry.id,
          user_id: entry.userId,
          kind: entry.kind,
          amount_cents: entry.amount,
          at: entry.at,
        },
      }),
    );

  it('shows an old line and an indexed entry of the same movement once, among old-only and new-only ones', async () => {
    const deps = buildAccountingDeps();
    const taskId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    const on = (kind: 'fee' | 'reward', amount: number, minute: number) =>
      onTask(taskId, kind, amount, minute);
    // Posted when both were written: the entry (in the index) and its line.
    const both = await post(deps, undefined, first, on('fee', -1500, 1));
    await oldLine(taskId, both.entry);
    // Posted before the index: only its line says it belongs to the task.
    const oldOnly = postOn(undefined, second, on('fee', -1500, 2)).entry;
    await oldLine(taskId, oldOnly);
    // Posted now: only the index has it.
    const indexed = await post(deps, undefined, second, on('reward', 3000, 3));
    const ids = (page: { movements: { id: string }[] }) => page.movements.map((m) => m.id);
    const expected = [both.entry.id, oldOnly.id, indexed.entry.id];
    await pollUntil(
      'the indexed movements',
      () => deps.tasks.history(taskId, { limit: 50 }),
      (page) => page.movements.length >= 3,
    ).then((page) => {
      expect(ids(page)).toEqual(expected);
      expect(page.nextCursor).toBeNull();
    });
    // A page at a time, whichever source holds the next one: nothing skipped or repeated.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.tasks.history(taskId, { limit: 1, cursor });
      expect(page.movements.length).toBeLessThanOrEqual(1);
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual(expected);
  });
});
