import { describe, expect, it } from 'vitest';
import { accountingService } from '../../functions/accounting/service';
import { bytesOf, indexesByTable, indexWriteUnits, type IndexShape } from './index-writes';

const all: IndexShape = {
  name: 'gsi1',
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
  projection: 'ALL',
};
const keysOnly: IndexShape = {
  ...all,
  name: 'gsi2',
  partitionKey: 'gsi2pk',
  sortKey: 'gsi2sk',
  projection: 'KEYS_ONLY',
};
const include: IndexShape = { ...keysOnly, name: 'gsi2', projection: ['status'] };

const task = (extra: Record<string, unknown> = {}) => ({
  pk: 'TASK#1',
  sk: 'TASK',
  gsi1pk: 'ASSIGNEE#a',
  gsi1sk: 'T1',
  gsi2pk: 'STATUS#open',
  gsi2sk: 'T1',
  status: 'open',
  title: 'x',
  ...extra,
});

/** What DynamoDB's developer guide says each change costs an index (GSI write activity). */
describe('index write units', () => {
  it('an item entering an index is one put; one with no index key costs the index nothing (sparse)', () => {
    expect(indexWriteUnits([all], undefined, task())).toEqual([{ index: 'gsi1', units: 1 }]);
    expect(indexWriteUnits([all], undefined, { pk: 'ENTRY#1', sk: 'E' })).toEqual([]);
    // Both key attributes are needed: a partition key alone puts nothing in the index.
    expect(indexWriteUnits([all], undefined, { pk: 'X', sk: 'X', gsi1pk: 'A' })).toEqual([]);
  });

  it('a changed index key is a delete and a put; a removed one a delete', () => {
    expect(indexWriteUnits([all], task(), task({ gsi1pk: 'ASSIGNEE#b' }))).toEqual([
      { index: 'gsi1', units: 2 },
    ]);
    const { gsi1pk: _dropped, ...left } = task();
    expect(indexWriteUnits([all], task(), left)).toEqual([{ index: 'gsi1', units: 1 }]);
    expect(indexWriteUnits([all], task(), undefined)).toEqual([{ index: 'gsi1', units: 1 }]);
  });

  it('under the same key, a write costs the index only when a projected attribute changed', () => {
    expect(indexWriteUnits([all], task(), task({ title: 'y' }))).toEqual([
      { index: 'gsi1', units: 1 },
    ]);
    expect(indexWriteUnits([all], task(), task())).toEqual([]);
    // Attribute order is not a change.
    const { pk, sk, ...rest } = task();
    expect(indexWriteUnits([all], task(), { ...rest, sk, pk })).toEqual([]);
    expect(indexWriteUnits([keysOnly], task(), task({ title: 'y', status: 'done' }))).toEqual([]);
    expect(indexWriteUnits([include], task(), task({ title: 'y' }))).toEqual([]);
    expect(indexWriteUnits([include], task(), task({ status: 'done' }))).toEqual([
      { index: 'gsi2', units: 1 },
    ]);
  });

  it('counts each index on its own, one unit per started KB of the entry', () => {
    const big = task({ title: 'x'.repeat(1500) });
    expect(indexWriteUnits([all, keysOnly], undefined, big)).toEqual([
      { index: 'gsi1', units: 2 },
      { index: 'gsi2', units: 1 },
    ]);
    expect(indexWriteUnits([all, keysOnly], big, task({ gsi1pk: 'ASSIGNEE#b' }))).toEqual([
      { index: 'gsi1', units: 3 },
    ]);
  });
});

describe("a domain's indexes, as its declaration shapes them", () => {
  it("bills Accounting's task index one unit for a fee entry, whatever else the entry holds, and nothing for a payout", () => {
    const indexes = indexesByTable([accountingService], { accounting: 'acc' }).acc!;
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const at = '2026-12-06T15:00:00.000Z';
    const entry = {
      pk: `ACCOUNT#${uuid}`,
      sk: `ENTRY#${uuid}`,
      record_type: 'entry',
      entry_id: uuid,
      user_id: uuid,
      kind: 'fee',
      amount_cents: -2000,
      balance_after_cents: -123456789,
      revision: 123456,
      task_id: uuid,
      at,
      business_date: '2026-12-06',
      gsi1pk: `LEDGER#${uuid}#2026-12-06`,
      gsi1sk: `${at}#${uuid}`,
      gsi2pk: `TASK#${uuid}`,
      gsi2sk: `${at}#${uuid}`,
      // Not projected into the task index: it may grow, the task index's copy does not.
      note: 'x'.repeat(1200),
    };
    expect(indexWriteUnits(indexes, undefined, entry)).toEqual([
      { index: 'gsi1', units: 2 },
      { index: 'gsi2', units: 1 },
    ]);
    const { gsi2pk: _pk, gsi2sk: _sk, ...payout } = { ...entry, kind: 'payout', task_id: null };
    expect(indexWriteUnits(indexes, undefined, payout)).toEqual([{ index: 'gsi1', units: 2 }]);
  });
  it("bills Accounting's lane index once, when an account gets its lane; a balance update nothing, but an account of the old shape its gsi1 copy", () => {
    const indexes = indexesByTable([accountingService], { accounting: 'acc' }).acc!;
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const account = {
      pk: `ACCOUNT#${uuid}`,
      sk: 'ACCOUNT',
      record_type: 'account',
      user_id: uuid,
      name: 'Popug',
      role: 'worker',
      active: true,
      balance_cents: 1500,
      revision: 1,
      gsi3pk: 'LANE#07',
      gsi3sk: uuid,
    };
    const moved = { ...account, balance_cents: -500, revision: 2, updated_at: 'later' };
    expect(indexWriteUnits(indexes, undefined, account)).toEqual([{ index: 'gsi3', units: 1 }]);
    expect(indexWriteUnits(indexes, account, moved)).toEqual([]);
    // A snapshot that renames the popug rewrites the lane index's copy (it shows the name).
    expect(indexWriteUnits(indexes, moved, { ...moved, name: 'Renamed' })).toEqual([
      { index: 'gsi3', units: 1 },
    ]);
    const {
      gsi3pk: _pk,
      gsi3sk: _sk,
      ...old
    } = {
      ...account,
      gsi1pk: 'ACCOUNTS#07',
      gsi1sk: uuid,
    };
    expect(indexWriteUnits(indexes, old, { ...old, balance_cents: -500 })).toEqual([
      { index: 'gsi1', units: 1 },
    ]);
  });
});

describe('item size', () => {
  it("is DynamoDB's: names and values, numbers by significant digits, 3 bytes and a byte per element for a map or list", () => {
    expect(bytesOf({ pk: 'TASK#1' })).toBe(2 + 6);
    expect(bytesOf({ n: 1000 })).toBe(1 + 2); // one significant digit
    expect(bytesOf({ n: 123456 })).toBe(1 + 4);
    expect(bytesOf({ b: true, z: null })).toBe(2 + 2);
    expect(bytesOf({ m: { a: 'xy' }, l: ['xy', 1] })).toBe(
      1 + 3 + (1 + 1 + 2) + 1 + 3 + (1 + 2) + (1 + 2),
    );
    // A JSON string inside an item counts its bytes, not the escapes JSON would add.
    expect(bytesOf({ d: '{"a":"b"}' })).toBe(1 + 9);
  });
});
