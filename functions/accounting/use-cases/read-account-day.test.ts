import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignment, DAY as day, memoryAccountingDeps, reacted } from '../test-support/memory';
import { chargeAssignmentFee } from './charge-assignment-fee';
import { ENTRIES_PAGE_SIZE, readAccountDay } from './read-account-day';

describe("reading an employee's day", () => {
  it('shows the day newest first, a page of 50 at a time, and refuses a cursor of another day', async () => {
    const { deps } = memoryAccountingDeps({ clock: () => new Date(`${day}T23:00:00.000Z`) });
    const worker = randomUUID();
    for (let i = 0; i < ENTRIES_PAGE_SIZE + 5; i++)
      await reacted(deps, (changes) =>
        chargeAssignmentFee(
          deps,
          assignment(randomUUID(), worker, `${day}T09:00:${String(i).padStart(2, '0')}.000Z`),
          changes,
        ),
      );
    const first = await readAccountDay(deps, worker, {}, { mustExist: false });
    expect(first).toMatchObject({ user_id: worker, date: day, balance_cents: -1500 * 55 });
    expect(first.entries).toHaveLength(ENTRIES_PAGE_SIZE);
    const ats = first.entries.map((entry) => entry.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const second = await readAccountDay(
      deps,
      worker,
      { cursor: first.next_cursor! },
      { mustExist: false },
    );
    expect(second.entries).toHaveLength(5);
    expect(second.next_cursor).toBeNull();
    expect(second.entries[0]!.at < ats.at(-1)!).toBe(true);
    await expect(
      readAccountDay(
        deps,
        worker,
        { date: '2026-03-02', cursor: first.next_cursor! },
        { mustExist: false },
      ),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
    // Someone never seen: an empty account for themselves, a 404 for an accountant.
    const stranger = randomUUID();
    expect(await readAccountDay(deps, stranger, {}, { mustExist: false })).toMatchObject({
      balance_cents: 0,
      entries: [],
      next_cursor: null,
    });
    await expect(readAccountDay(deps, stranger, {}, { mustExist: true })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
