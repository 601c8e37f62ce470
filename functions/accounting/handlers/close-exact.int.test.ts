// Long because it holds the close of D against late movements and a later close, end to end on DynamoDB; its two cases share their fixtures.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { createTables } from '../../../test/support/tables';
import { cents } from '#shared/money';
import { CLOSE_LANES } from '../domain/close';
import { postOn } from '../domain/posting';
import type { AccountStore } from '../domain/ports';
import { accountingService } from '../service';
import {
  accountsWithLedgers,
  busMessageOf,
  chunkRun,
  commitMovement,
  deliver,
  drainOwnEvents,
  expectBalancesMatchLedgers,
  outboxEvents,
  RecordingMailer,
  testDeps,
  type LedgerCheck,
} from '../test-support/harness';
import { closeStatus } from '../use-cases/close-status';
import { requestClose } from '../use-cases/request-close';
import { makeAccountingConsumer } from './on-event';

/**
 * The close of D pays exactly the unpaid movements dated D or earlier (issue 21): whatever lands
 * while it runs, and whatever later close ran before one of its chunks was redelivered.
 */
const mailer = new RecordingMailer();
const deps = testDeps({ random: (max) => Math.floor(max / 2), mailer });
const consumer = makeAccountingConsumer(() => deps);
const context = { correlationId: 'close-exact-test' };
const CLOSE_EVENTS = ['accounting.close_requested', 'accounting.close_chunk_requested'];
const EVERYTHING = [...CLOSE_EVENTS, 'accounting.payout_mails_requested'];

/** Accounting on a clock at `iso`, and its consumer. */
function on(iso: string, accounts: AccountStore = deps.accounts) {
  const at = { ...deps, accounts, clock: () => new Date(iso) };
  return { deps: at, consumer: makeAccountingConsumer(() => at) };
}

const hired = (id: string) =>
  busMessageOf(userCreatedV1, {
    id,
    email: `${id}@uberpopug.test`,
    name: 'Popug',
    role: 'worker',
    active: true,
    revision: 1,
    changed_at: '2026-05-01T00:00:00.000Z',
  });
/** A task assigned (a fee) and, when `completedAt` is given, completed (a reward), at those times. */
const work = (userId: string, assignedAt: string, completedAt?: string) => {
  const id = randomUUID();
  const assigned = busMessageOf(taskAssignedV1, {
    id,
    user_id: userId,
    assignment_id: randomUUID(),
    assignment_seq: 1,
    assigned_at: assignedAt,
  });
  if (!completedAt) return [assigned];
  return [
    assigned,
    busMessageOf(taskCompletedV1, { id, user_id: userId, completed_at: completedAt }),
  ];
};

/** What the consumer would post for a task's fee and reward (the seeded price's middle). */
const AMOUNT = { fee: -1500, reward: 3000 } as const;

/**
 * The popugs' given state: each hired (an address for the payout e-mail), then its fees and
 * rewards at those times, through the ledger's own writer. The close, not the posting, is under
 * test here (on-event.int.test.ts covers the events): a movement per transaction instead of the
 * consumer's delivery of each event, which took most of this file's time before issue 24's budget.
 */
async function given(
  popugs: readonly string[],
  movementsOf: (id: string, i: number) => readonly (readonly ['fee' | 'reward', string])[],
) {
  for (let i = 0; i < popugs.length; i += 10)
    expect(await deliver(consumer, ...popugs.slice(i, i + 10).map(hired))).toEqual([]);
  await Promise.all(
    popugs.map(async (id, i) => {
      for (const [kind, at] of movementsOf(id, i))
        await commitMovement(
          deps,
          postOn(await deps.accounts.find(id), id, {
            id: randomUUID(),
            kind,
            amount: cents(AMOUNT[kind]),
            taskId: randomUUID(),
            at,
            businessDate: at.slice(0, 10),
          }),
        );
    }),
  );
}

const isMovement = (e: LedgerCheck['entries'][number]) => e.kind !== 'payout';
const sum = (amounts: readonly number[]) => amounts.reduce((a, b) => a + b, 0);

/** Cents from `$12.30` / `-$5.00` on the e-mail's line that starts with `label`. */
function centsOn(text: string, label: string): number {
  const match = new RegExp(`${label}: (-?)\\$(\\d+)\\.(\\d{2})`).exec(text);
  if (!match) throw new Error(`no "${label}" in the e-mail:\n${text}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}

/** Every e-mail's statement adds up: carried in − fees + rewards − paid out = carried forward. */
function expectMailsAddUp(mails: readonly { text: string }[]) {
  for (const { text } of mails)
    expect(
      centsOn(text, 'balance carried in') -
        centsOn(text, 'assignment fees charged') +
        centsOn(text, 'completion rewards earned') -
        centsOn(text, 'paid out'),
      text,
    ).toBe(centsOn(text, 'balance carried forward'));
}

beforeAll(() => createTables([accountingService]));

describe('the close of a day pays that day’s money exactly', () => {
  it('pays the balances at the end of D while movements dated D+1 land during the close', async () => {
    const [before, D, next] = ['2026-05-03', '2026-05-04', '2026-05-05'];
    // Sixteen popugs over the 16 lanes: work of the day before and of D, eight in credit at the
    // end of D, eight not (40, then 24, before issue 24's budget; the race needs only several
    // lanes).
    const popugs: string[] = Array.from({ length: 16 }, () => randomUUID());
    await given(popugs, (id, i) => [
      ['fee', `${before}T10:00:00.000Z`],
      ...(i % 4 === 0 ? [] : [['reward', `${before}T11:00:00.000Z`] as const]),
      ['fee', `${D}T09:00:00.000Z`],
      ...(i % 3 === 0 ? [] : [['reward', `${D}T23:59:58.000Z`] as const]),
    ]);

    // The close starts seconds after midnight; right after it read its first page, every popug
    // gets a reward and a fee dated D+1: that page's payouts are refused and read again, the
    // later pages read balances that already hold them.
    let landed = false;
    const accounts: AccountStore = Object.create(deps.accounts);
    accounts.findMany = async (userIds) => {
      const read = await deps.accounts.findMany(userIds);
      if (!landed && userIds.some((id) => popugs.includes(id))) {
        landed = true;
        for (const id of popugs)
          expect(
            await deliver(consumer, ...work(id, `${next}T00:00:01.000Z`, `${next}T00:00:02.000Z`)),
          ).toEqual([]);
      }
      return read;
    };
    const midnight = on(`${next}T00:00:03.000Z`, accounts);
    await requestClose(midnight.deps, { requestedBy: null }, context);
    await drainOwnEvents(midnight.consumer, new Set(), { names: CLOSE_EVENTS });
    expect(landed).toBe(true);

    const ledgers = await accountsWithLedgers();
    let paidTotal = 0;
    for (const id of popugs) {
      const { entries, balance } = ledgers.get(id)!;
      const endOfD = sum(
        entries.filter((e) => isMovement(e) && e.business_date <= D).map((e) => e.amount_cents),
      );
      const ofNext = sum(
        entries.filter((e) => e.business_date === next).map((e) => e.amount_cents),
      );
      const payouts = entries.filter((e) => e.kind === 'payout');
      if (endOfD > 0) {
        expect(payouts, id).toEqual([
          expect.objectContaining({ amount_cents: -endOfD, business_date: D }),
        ]);
        const ofDay = entries.filter((e) => isMovement(e) && e.business_date === D);
        expect(payouts[0]!.statement, id).toEqual({
          carried_in_cents: sum(
            entries.filter((e) => e.business_date === before).map((e) => e.amount_cents),
          ),
          fees_cents: -sum(ofDay.filter((e) => e.kind === 'fee').map((e) => e.amount_cents)),
          rewards_cents: sum(ofDay.filter((e) => e.kind === 'reward').map((e) => e.amount_cents)),
          paid_out_cents: endOfD,
          carried_forward_cents: 0,
        });
        paidTotal += endOfD;
        // What stays on the balance is D+1's money, to the cent.
        expect(balance, id).toBe(ofNext);
      } else {
        expect(payouts, id).toEqual([]);
        expect(balance, id).toBe(endOfD + ofNext);
      }
    }
    const close = await closeStatus(deps, D);
    expect(close.paid_total_cents).toBe(paidTotal);
    expect(close.paid_count).toBe(
      popugs.filter((id) => ledgers.get(id)!.entries.some((e) => e.kind === 'payout')).length,
    );
    expect(close.paid_count).toBeGreaterThan(6);
    await drainOwnEvents(midnight.consumer, new Set(), {
      names: ['accounting.payout_mails_requested'],
    });
    expect(mailer.sent).toHaveLength(close.paid_count);
    expectMailsAddUp(mailer.sent);
    await expectBalancesMatchLedgers(expect);
  });

  it('closes D, then D+1, then redelivers D’s chunks: each asks for D’s e-mails and counts D right', async () => {
    const [D, next, after] = ['2026-05-10', '2026-05-11', '2026-05-12'];
    const popugs: string[] = Array.from({ length: 12 }, () => randomUUID());
    await given(popugs, () => [
      ['fee', `${D}T09:00:00.000Z`],
      ['reward', `${D}T10:00:00.000Z`],
      ['fee', `${next}T09:00:00.000Z`],
      ['reward', `${next}T10:00:00.000Z`],
    ]);
    const sentBefore = mailer.sent.length;

    // The close of D pays every lane's accounts, but no chunk's tally commits (the consumer died
    // after the payouts: its chunk requests, tallies and e-mail requests are lost with it).
    const closingD = on(`${next}T00:00:05.000Z`);
    await requestClose(closingD.deps, { date: D, requestedBy: null }, context);
    const delivered = new Set<string>();
    await drainOwnEvents(closingD.consumer, delivered, { names: ['accounting.close_requested'] });
    // Its chunk requests are delivered here, by hand, and never by the bus.
    for (const event of await outboxEvents()) delivered.add(event.id);
    const chunks = Array.from({ length: CLOSE_LANES }, (_, lane) => ({
      date: D,
      lane,
      chunk: 1,
      after: null,
    }));
    for (const chunk of chunks) await chunkRun(closingD.deps, chunk, context);

    // The close of D+1 runs to its end: it pays D+1's money, and the latest payout of every
    // popug is now D+1's.
    const closingNext = on(`${after}T00:00:05.000Z`);
    await requestClose(closingNext.deps, { requestedBy: null }, context);
    await drainOwnEvents(closingNext.consumer, delivered, { names: EVERYTHING });

    // Now D's chunks come again: each finds D's payouts in their entries, counts them, and asks
    // for their e-mails.
    for (const chunk of chunks)
      await deps.unitOfWork.commit(await chunkRun(closingD.deps, chunk, context));
    await drainOwnEvents(closingD.consumer, delivered, { names: EVERYTHING });

    const ledgers = await accountsWithLedgers();
    const payoutsOf = (date: string) =>
      popugs.flatMap((id) =>
        ledgers.get(id)!.entries.filter((e) => e.kind === 'payout' && e.business_date === date),
      );
    expect(payoutsOf(D)).toHaveLength(popugs.length);
    expect(payoutsOf(next)).toHaveLength(popugs.length);
    for (const id of popugs) expect(ledgers.get(id)!.balance).toBe(0);
    const closeOfD = await closeStatus(deps, D);
    expect(closeOfD).toMatchObject({ status: 'done' });
    // The tally of D counts every payout of D (the first test's popugs had D+1 money to pay).
    const allPayoutsOfD = [...ledgers.values()].flatMap((l) =>
      l.entries.filter((e) => e.kind === 'payout' && e.business_date === D),
    );
    expect(closeOfD.paid_total_cents).toBe(-sum(allPayoutsOfD.map((e) => e.amount_cents)));
    expect(closeOfD.paid_count).toBe(allPayoutsOfD.length);

    const mails = mailer.sent.slice(sentBefore);
    const mine = (date: string) =>
      mails
        .filter((m) => m.subject.includes(` ${date}:`) && popugs.some((id) => m.to.startsWith(id)))
        .map((m) => m.to)
        .sort();
    for (const date of [D, next])
      expect(mine(date), date).toEqual(popugs.map((id) => `${id}@uberpopug.test`).sort());
    // Every payout of D is e-mailed once, the first test's popugs' too.
    expect(mails.filter((m) => m.subject.includes(` ${D}:`))).toHaveLength(allPayoutsOfD.length);
    expectMailsAddUp(mails);
    await expectBalancesMatchLedgers(expect);
  });
});
