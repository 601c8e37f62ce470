import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { CLOSE_LANES, tallyOf, type Close } from '../domain/close';
import type { AccountingDeps } from '../domain/ports';

let year = 2100;
/** A date no other case of this file closes (closes are global to the table). */
const freshDate = () => `${year++}-06-15`;

const closeOf = (date: string): Close => ({
  date,
  requested_by: null,
  requested_at: `${date}T00:00:05.000Z`,
  accounts_total: null,
  lanes_done: 0,
  undeliverable: 0,
});

async function committed(
  deps: AccountingDeps,
  record: (changes: ReturnType<AccountingDeps['unitOfWork']['begin']>) => void,
) {
  const changes = deps.unitOfWork.begin({ correlationId: 'close-contract' });
  record(changes);
  return deps.unitOfWork.commit(changes).then(
    () => undefined,
    (error: unknown) => error as ConditionsFailed,
  );
}

/** What the close's use cases rely on from a CloseStore, on any adapter. */
export function closeStoreContract(setup: () => AccountingDeps) {
  it('requests a date once (`date_not_closed`), never before a later close (`no_later_close`), and lists it', async () => {
    const deps = setup();
    const date = freshDate();
    expect(await committed(deps, (c) => deps.closes.requested(c, closeOf(date)))).toBeUndefined();
    expect(await deps.closes.find(date)).toEqual(closeOf(date));
    expect(await deps.closes.latestDate()).toBe(date);
    const again = await committed(deps, (c) => deps.closes.requested(c, closeOf(date)));
    expect(again?.guards).toContain('date_not_closed');
    const earlier = await committed(deps, (c) => deps.closes.requested(c, closeOf('2099-01-01')));
    expect(earlier?.guards).toEqual(['no_later_close']);
    const listed = await deps.closes.list({ to: date, limit: 1 });
    expect(listed.closes).toEqual([closeOf(date)]);
  });

  it('starts once (`close_not_started`), counts each chunk once (`chunk_follows_last`), and finishes once', async () => {
    const deps = setup();
    const date = freshDate();
    await committed(deps, (c) => deps.closes.requested(c, closeOf(date)));
    expect(await committed(deps, (c) => deps.closes.started(c, date, 3))).toBeUndefined();
    const restart = await committed(deps, (c) => deps.closes.started(c, date, 3));
    expect(restart?.guards).toContain('close_not_started');
    const chunk = { date, lane: 0, chunk: 1 };
    const tally = tallyOf('carried_negative');
    expect(
      await committed(deps, (c) => deps.closes.chunkCounted(c, chunk, tally, false)),
    ).toBeUndefined();
    const twice = await committed(deps, (c) => deps.closes.chunkCounted(c, chunk, tally, false));
    expect(twice?.guards).toEqual(['chunk_follows_last']);
    expect(await deps.closes.findLane(date, 0)).toMatchObject({
      chunks_done: 1,
      carried_negative_count: 1,
    });
    expect(await deps.closes.markFinished(date, new Date())).toBeUndefined();
    for (let lane = 0; lane < CLOSE_LANES; lane++)
      await committed(deps, (c) =>
        deps.closes.chunkCounted(c, { date, lane, chunk: lane === 0 ? 2 : 1 }, tally, true),
      );
    expect((await deps.closes.laneTallies(date)).length).toBe(CLOSE_LANES);
    expect(await deps.closes.markFinished(date, new Date())).toMatchObject({
      date,
      lanes_done: CLOSE_LANES,
    });
    expect(await deps.closes.markFinished(date, new Date())).toBeUndefined();
  });
}
