import { expect, it } from 'vitest';
import type { Envelope } from '#events';
import { userDeniedV1 } from '#events/auth/user.denied.v1';
import { Refusal } from '#shared/refusal';
import type { Changes, UnitOfWork } from './changes';
import { ConditionsFailed } from './commit-errors';
import type { RefusalTable } from './refusals';

/**
 * A store small enough to write twice, so the unit of work's own promises are checked the same
 * way on both adapters: a counter with a revision, created once, moved only from the revision
 * read. Each domain's contract test does the same for its real stores.
 */
export interface CounterStore {
  read(id: string): Promise<{ value: number; revision: number } | undefined>;
  /** Guard `counter_is_new`. */
  created(changes: Changes, id: string): void;
  /** Guard `counter_unchanged`: still at `revision`. */
  moved(changes: Changes, id: string, by: number, revision: number): void;
}

export interface UnitOfWorkFixture {
  unitOfWork: (refusals?: RefusalTable) => UnitOfWork;
  counters: CounterStore;
  /** Every event the fixture's unit of work has committed so far. */
  published(): Promise<Envelope<Record<string, unknown>>[]>;
}

const denial = (email: string) => ({
  email,
  reason: 'bad_credentials' as const,
  denied_at: '2026-12-06T10:00:00.000Z',
});

let next = 0;
const freshId = () => `counter-${process.pid}-${Date.now()}-${next++}`;

/** The cases every adapter of the unit of work passes; `setup` runs once per case. */
export function unitOfWorkContract(setup: () => Promise<UnitOfWorkFixture>) {
  it('commits every write and the events, stamped with the context', async () => {
    const { unitOfWork, counters, published } = await setup();
    const id = freshId();
    const uow = unitOfWork();
    const changes = uow.begin({
      correlationId: 'contract-1',
      now: new Date('2026-12-06T10:00:00Z'),
    });
    counters.created(changes, id);
    changes.publish(userDeniedV1, denial(`${id}@example.com`));
    await uow.commit(changes);

    expect(await counters.read(id)).toEqual({ value: 0, revision: 1 });
    const event = (await published()).find((e) => e.data.email === `${id}@example.com`);
    expect(event?.metadata).toMatchObject({
      event_name: 'user.denied',
      correlation_id: 'contract-1',
      event_time: '2026-12-06T10:00:00.000Z',
    });
  });

  it('writes nothing and names the guard when a condition fails', async () => {
    const { unitOfWork, counters, published } = await setup();
    const id = freshId();
    const uow = unitOfWork();
    const first = uow.begin({ correlationId: 'c' });
    counters.created(first, id);
    await uow.commit(first);

    const stale = uow.begin({ correlationId: 'c' });
    counters.moved(stale, id, 5, 1);
    counters.created(stale, freshId());
    stale.publish(userDeniedV1, denial(`${id}-stale@example.com`));
    const moved = uow.begin({ correlationId: 'c' });
    counters.moved(moved, id, 2, 1);
    await uow.commit(moved);

    const refused = await uow.commit(stale).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).guards).toEqual(['counter_unchanged']);
    expect(await counters.read(id)).toEqual({ value: 2, revision: 2 });
    expect((await published()).some((e) => e.data.email === `${id}-stale@example.com`)).toBe(false);
  });

  it("turns a refused guard into the domain's refusal, the table's first among several", async () => {
    const { unitOfWork, counters } = await setup();
    const id = freshId();
    const refusals: RefusalTable = {
      counter_is_new: () => new Refusal('conflict', 'counter_exists', 'that counter exists'),
      counter_unchanged: () => new Refusal('conflict', 'counter_changed', 'reload'),
    };
    const uow = unitOfWork(refusals);
    const first = uow.begin({ correlationId: 'c' });
    counters.created(first, id);
    await uow.commit(first);

    const again = uow.begin({ correlationId: 'c' });
    counters.created(again, id);
    await expect(uow.commit(again)).rejects.toMatchObject({ code: 'counter_exists' });

    const other = freshId();
    const both = uow.begin({ correlationId: 'c' });
    counters.moved(both, id, 1, 7);
    counters.created(both, other);
    const create = uow.begin({ correlationId: 'c' });
    counters.created(create, other);
    await uow.commit(create);
    await expect(uow.commit(both)).rejects.toMatchObject({ code: 'counter_exists' });
  });

  it('refuses an event that breaks its contract before anything is written', async () => {
    const { unitOfWork, counters } = await setup();
    const id = freshId();
    const uow = unitOfWork();
    const changes = uow.begin({ correlationId: 'c' });
    counters.created(changes, id);
    changes.publish(userDeniedV1, { ...denial('x@example.com'), reason: 'bored' as never });
    await expect(uow.commit(changes)).rejects.toThrow();
    expect(await counters.read(id)).toBeUndefined();
  });

  it('refuses more than 100 items, and one item written twice', async () => {
    const { unitOfWork, counters } = await setup();
    const uow = unitOfWork();
    const many = uow.begin({ correlationId: 'c' });
    const ids = Array.from({ length: 100 }, freshId);
    for (const id of ids) counters.created(many, id);
    many.publish(userDeniedV1, denial('many@example.com'));
    expect(many.itemCount).toBe(101);
    await expect(uow.commit(many)).rejects.toThrow(/at most 100 items/);
    expect(await counters.read(ids[0]!)).toBeUndefined();

    const id = freshId();
    const twice = uow.begin({ correlationId: 'c' });
    counters.created(twice, id);
    counters.moved(twice, id, 1, 0);
    // AWS refuses it as invalid; DynamoDB Local lets the second write's condition fail instead.
    await expect(uow.commit(twice)).rejects.toThrow();
    expect(await counters.read(id)).toBeUndefined();
  });

  it('packs many events of one contract in one row, each published as its own event', async () => {
    const { unitOfWork, published } = await setup();
    const uow = unitOfWork();
    const tag = freshId();
    const changes = uow.begin({ correlationId: 'packed' });
    changes.publishAll(
      userDeniedV1,
      [1, 2, 3].map((n) => denial(`${tag}-${n}@example.com`)),
    );
    expect(changes.itemCount).toBe(1);
    await uow.commit(changes);
    const mine = (await published()).filter((e) => String(e.data.email).startsWith(tag));
    expect(mine.map((e) => e.data.email)).toEqual([1, 2, 3].map((n) => `${tag}-${n}@example.com`));
    expect(new Set(mine.map((e) => e.metadata.event_id)).size).toBe(3);
  });
}
