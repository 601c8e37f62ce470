// Long because it holds the close and its e-mails on real DynamoDB (races, redeliveries, SES failures); the cases share one seeded day.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { payoutMailsRequestedV1 } from '#events/accounting/accounting.payout_mails_requested.v1';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { createTables } from '../../../test/support/tables';
import { laneOf } from '../domain/close';
import { cents } from '#shared/money';
import type { AccountStore, MailLog } from '../domain/ports';
import { makeAccountingConsumer } from './on-event';
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
  type OutboxEvent,
  RecordingMailer,
  testDeps,
  workdayEvents,
} from '../test-support/harness';
import { closeStatus } from '../use-cases/close-status';
import { postOn } from '../domain/posting';
import { requestClose } from '../use-cases/request-close';
import { MAIL_LEASE_MS } from '../domain/mailing';

const day = '2026-03-03';
const FEE = 1500;
const REWARD = 3000;
const mailer = new RecordingMailer();
/** A delivery's error when the payout e-mails it asked for were left unsent for `cause`. */
const mailsLeft = (cause: RegExp) =>
  expect.objectContaining({
    name: 'PayoutMailsLeftError',
    errors: [expect.objectContaining({ message: expect.stringMatching(cause) })],
  });
const deps = testDeps({
  random: (max) => Math.floor(max / 2),
  clock: () => new Date('2026-03-04T00:00:05.000Z'),
  mailer,
});
const consumer = makeAccountingConsumer(() => deps);
const context = { correlationId: 'close-test' };
const CLOSE_EVENTS = ['accounting.close_requested', 'accounting.close_chunk_requested'];
const MAIL_REQUEST = 'accounting.payout_mails_requested';

/** The close's requests to e-mail the payouts of `date`, one per page with payouts. */
const mailRequestsOf = async (date: string) =>
  (await outboxEvents()).filter((e) => e.name === MAIL_REQUEST && e.data.date === date);
const mailedIn = (requests: readonly OutboxEvent[]) =>
  requests
    .flatMap((request) => (request.data.payouts as { user_id: string }[]).map((p) => p.user_id))
    .sort();

/**
 * The day the e-mail tests' earners are paid: one close pays them all, three earners for each
 * test that takes a page (MAIL_PAGES), and each test e-mails its own three. A close per test
 * cost a close of every lane each (about 2.5 s) before issue 24's budget; the tests are about
 * the e-mails, which are the same on a shared day (the mail log is kept per account and date).
 */
const MAIL_DAY = '2026-03-07';
const MAIL_PAGES = 5;
let mailDay: Promise<{
  laterConsumer: ReturnType<typeof makeAccountingConsumer>;
  pages: string[][];
}>;
let pagesTaken = 0;

/** The close of MAIL_DAY, run by the first test that needs it (so each passes alone too). */
const mailDayClosed = () =>
  (mailDay ??= (async () => {
    const pages: string[][] = [];
    for (let page = 0; page < MAIL_PAGES; page++)
      pages.push([await earner(), await earner(), await earner()]);
    return { laterConsumer: await closeOn(MAIL_DAY), pages };
  })());

/**
 * Three earners paid by the close of MAIL_DAY that no other test mails, and one page's request
 * to e-mail them, written by hand so the three share it whatever their lanes; with the consumer
 * that runs on the day after.
 */
async function pageOfThreePaid() {
  const { laterConsumer, pages } = await mailDayClosed();
  const earners = pages[pagesTaken++];
  if (!earners) throw new Error(`more tests take a page than MAIL_PAGES (${MAIL_PAGES})`);
  const payouts = earners.map((id) => ({ user_id: id, amount_cents: REWARD - FEE }));
  const body = busMessageOf(payoutMailsRequestedV1, { date: MAIL_DAY, payouts });
  const addresses = earners.map((id) => `${id.slice(0, 8)}@uberpopug.test`).sort();
  return { laterConsumer, body, addresses };
}

/** The day after `date`, at noon: a clock on which `date` is over. */
const dayAfter = (date: string) => new Date(Date.parse(`${date}T12:00:00.000Z`) + 86_400_000);

/** Closes `date` (on the next day's clock) and hands back the consumer that runs on that clock. */
async function closeOn(date: string) {
  const later = { ...deps, clock: () => dayAfter(date) };
  const laterConsumer = makeAccountingConsumer(() => later);
  await requestClose(later, { date, requestedBy: null }, context);
  await drainOwnEvents(laterConsumer, new Set(), { names: CLOSE_EVENTS });
  return laterConsumer;
}

const { assigned, completed, hired } = workdayEvents(day);

/** A popug who earned one reward and paid one fee (+$15), one who only paid a fee (−$15). */
async function earner(email = true) {
  const id = randomUUID();
  const task = randomUUID();
  expect(
    await deliver(consumer, ...(email ? [hired(id)] : []), assigned(task, id), completed(task, id)),
  ).toEqual([]);
  return id;
}
async function loser() {
  const id = randomUUID();
  expect(await deliver(consumer, hired(id), assigned(randomUUID(), id))).toEqual([]);
  return id;
}

beforeAll(() => createTables([accountingService]));

/**
 * The close of `day` over the first test's four accounts (two paid, one carried negative, one
 * quiet), which later tests read: run here when that test did not (`-t` runs one test alone),
 * so every test passes on its own as well as after the ones above it.
 */
async function dayClosedAsInTheFirstTest() {
  if (await deps.closes.find(day)) return;
  await Promise.all([earner(), loser(), earner(false)]);
  await deliver(consumer, hired(randomUUID()));
  await requestClose(deps, { date: day, requestedBy: null }, context);
  await drainOwnEvents(consumer, new Set(), { names: CLOSE_EVENTS });
}

describe('the daily close', () => {
  it('pays positive balances once, carries negative ones, and e-mails each payout once', async () => {
    const [rich, poor, quiet, unknown] = [
      await earner(),
      await loser(),
      randomUUID(),
      await earner(false),
    ];
    await deliver(consumer, hired(quiet));
    const delivered = new Set<string>();

    const started = await requestClose(deps, { date: day, requestedBy: null }, context);
    expect(started).toMatchObject({ date: day, status: 'running' });
    await drainOwnEvents(consumer, delivered, { names: CLOSE_EVENTS });

    expect(await closeStatus(deps, day)).toEqual({
      date: day,
      status: 'done',
      accounts_total: 4,
      accounts_done: 4,
      paid_count: 2,
      paid_total_cents: 2 * (REWARD - FEE),
      carried_negative_count: 1,
      undeliverable: 0,
      requested_by: null, // the schedule's close, as the daily close asks it
      requested_at: expect.any(String),
    });
    const accounts = await accountsWithLedgers();
    expect(accounts.get(rich)!.balance).toBe(0);
    expect(accounts.get(unknown)!.balance).toBe(0);
    expect(accounts.get(poor)!.balance).toBe(-FEE);
    expect(accounts.get(quiet)!.balance).toBe(0);
    expect(accounts.get(rich)!.entries.filter((e) => e.kind === 'payout')).toEqual([
      expect.objectContaining({ amount_cents: -(REWARD - FEE) }),
    ]);

    expect((await outboxEvents()).filter((e) => e.name === 'account.paid')).toHaveLength(2);
    // The payout e-mails: the close asked for them page by page (the two may share a lane, so a
    // page); each request is delivered twice, and one account has no address yet.
    const requests = await mailRequestsOf(day);
    expect(mailedIn(requests)).toEqual([rich, unknown].sort());
    const waiting = (request: OutboxEvent) => mailedIn([request]).includes(unknown);
    for (const request of requests)
      expect(await deliver(consumer, request.body, request.body)).toHaveLength(
        waiting(request) ? 2 : 0,
      );
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({
      from: 'payouts@uberpopug.test',
      to: `${rich.slice(0, 8)}@uberpopug.test`,
      subject: `aTES payout for ${day}: $15.00`,
    });
    expect(mailer.sent[0]!.text).toContain('assignment fees charged: $15.00');
    expect(mailer.sent[0]!.text).toContain('completion rewards earned: $30.00');

    const toUnknown = requests.find(waiting)!;
    // No address yet: retried, not skipped.
    expect(await deliver(consumer, toUnknown.body)).toEqual([mailsLeft(/no known e-mail address/)]);
    expect(mailer.sent).toHaveLength(1);
    await deliver(consumer, hired(unknown));
    expect(await deliver(consumer, toUnknown.body)).toEqual([]);
    for (const request of requests) expect(await deliver(consumer, request.body)).toEqual([]);
    expect(mailer.sent.map((m) => m.to)).toEqual([
      `${rich.slice(0, 8)}@uberpopug.test`,
      `${unknown.slice(0, 8)}@uberpopug.test`,
    ]);
    await expectBalancesMatchLedgers(expect);
  });

  it('closes a date once: asking again, or redelivering every chunk, pays nothing twice', async () => {
    await dayClosedAsInTheFirstTest();
    const before = await accountsWithLedgers();
    const mailRequestsBefore = await mailRequestsOf(day);
    const again = await requestClose(deps, { date: day, requestedBy: randomUUID() }, context);
    expect(again).toMatchObject({ date: day, status: 'done', paid_count: 2 });
    const delivered = new Set<string>();
    await drainOwnEvents(consumer, delivered, { names: CLOSE_EVENTS, copies: 2 });
    const after = await accountsWithLedgers();
    for (const [id, account] of after)
      expect(account.entries.length, id).toBe(before.get(id)?.entries.length ?? 0);
    expect((await outboxEvents()).filter((e) => e.name === 'account.paid')).toHaveLength(2);
    expect(await mailRequestsOf(day)).toHaveLength(mailRequestsBefore.length);
  });

  it('guards each chunk: two runs of the same chunk count it once and pay nobody twice', async () => {
    const date = '2026-03-04';
    const popug = await earner();
    const laneOfPopug = laneOf(popug);
    const today = { ...deps, clock: () => dayAfter(date) };
    await requestClose(today, { date, requestedBy: null }, context);
    await drainOwnEvents(consumer, new Set(), { names: ['accounting.close_requested'] });
    const request = { date, lane: laneOfPopug, chunk: 1, after: null };
    const [first, second] = await Promise.all([
      chunkRun(today, request, context),
      chunkRun(today, request, context),
    ]);
    await deps.unitOfWork.commit(first);
    await expect(deps.unitOfWork.commit(second)).rejects.toSatisfy(
      (error) => error instanceof ConditionsFailed && error.failed('chunk_follows_last'),
    );
    const payouts = (await accountsWithLedgers())
      .get(popug)!
      .entries.filter((e) => e.kind === 'payout');
    expect(payouts).toHaveLength(1);
    const lanes = await deps.closes.laneTallies(date);
    expect(lanes[laneOfPopug]).toMatchObject({
      chunks_done: 1,
      paid_count: 1,
      paid_total_cents: REWARD - FEE,
    });
    await expectBalancesMatchLedgers(expect);
  });

  it('loses and doubles nothing when a movement lands between the close’s read and its payout', async () => {
    const date = '2026-03-05';
    const popug = await earner();
    let injected = false;
    const accounts: AccountStore = Object.create(deps.accounts);
    accounts.findMany = async (userIds) => {
      const read = await deps.accounts.findMany(userIds);
      if (userIds.includes(popug) && !injected) {
        injected = true; // a reward lands right after the close read the balance
        expect(await deliver(consumer, completed(randomUUID(), popug))).toEqual([]);
      }
      return read;
    };
    const racing = { ...deps, accounts, clock: () => dayAfter(date) };
    const raceConsumer = makeAccountingConsumer(() => racing);
    await requestClose(racing, { date, requestedBy: null }, context);
    await drainOwnEvents(raceConsumer, new Set(), { names: CLOSE_EVENTS });
    expect(injected).toBe(true);
    const account = (await accountsWithLedgers()).get(popug)!;
    expect(account.balance).toBe(0);
    const payout = account.entries.filter((e) => e.kind === 'payout');
    // The reward that landed meanwhile is of an earlier day (the 3rd): the close of the 5th pays it.
    expect(payout).toEqual([expect.objectContaining({ amount_cents: -(2 * REWARD - FEE) })]);
    await expectBalancesMatchLedgers(expect);
  });

  it('retries a failed send and then sends it once', async () => {
    const { laterConsumer, body, addresses } = await pageOfThreePaid();
    const sentBefore = mailer.sent.length;
    mailer.failNext = 1;
    expect(await deliver(laterConsumer, body)).toEqual([mailsLeft(/SES is down/)]);
    expect(await deliver(laterConsumer, body)).toEqual([]);
    expect(await deliver(laterConsumer, body)).toEqual([]);
    const to = mailer.sent.slice(sentBefore).map((m) => m.to);
    expect(to.sort()).toEqual(addresses);
  });

  it('sends each e-mail of a page once when its request is delivered twice at the same moment', async () => {
    const { laterConsumer, body, addresses } = await pageOfThreePaid();
    const sentBefore = mailer.sent.length;
    const failed = await Promise.all([deliver(laterConsumer, body), deliver(laterConsumer, body)]);
    // The one that found the other's live reservations failed and is retried by the queue.
    for (const errors of failed)
      if (errors.length > 0) expect(await deliver(laterConsumer, body)).toEqual([]);
    const to = mailer.sent.slice(sentBefore).map((m) => m.to);
    expect(to.sort()).toEqual(addresses);
  });

  it('refuses a request that lists an account twice, before it is written', () => {
    const twice = { user_id: randomUUID(), amount_cents: 1500 };
    expect(() =>
      busMessageOf(payoutMailsRequestedV1, { date: day, payouts: [twice, { ...twice }] }),
    ).toThrow(/each account is listed once/);
  });

  it('sends the rest of a page when one send fails, and the retry sends only that one', async () => {
    const { laterConsumer, body, addresses } = await pageOfThreePaid();
    const sentBefore = mailer.sent.length;
    mailer.failNext = 1;
    expect(await deliver(laterConsumer, body)).toEqual([mailsLeft(/SES is down/)]);
    expect(mailer.sent.length - sentBefore).toBe(2);
    expect(await deliver(laterConsumer, body)).toEqual([]);
    expect(await deliver(laterConsumer, body)).toEqual([]);
    const to = mailer.sent.slice(sentBefore).map((m) => m.to);
    expect(to.sort()).toEqual(addresses);
    expect(mailer.sent.at(-1)!.text).toContain(`You were paid $15.00 for ${MAIL_DAY}.`);
    expect(mailer.sent.at(-1)!.text).toContain('balance carried in: $15.00');
    expect(mailer.sent.at(-1)!.text).toContain('balance carried forward: $0.00');
  });

  it('walks several pages in one chunk, and a redelivery of it after its payouts pays nobody twice', async () => {
    const date = '2026-03-10';
    const lane = laneOf(randomUUID());
    // Pages of ten here (CLOSE_PAGE_SIZE's 100 needed 250 accounts before issue 24): the walk
    // and its guards are the same at any page size.
    const PAGE = 10;
    // Two and a half pages of one lane, through the ledger's own writer: rewards and fees.
    const ids: string[] = [];
    while (ids.length < 2.5 * PAGE) {
      const id = randomUUID();
      if (laneOf(id) === lane) ids.push(id);
    }
    const movementOf = (id: string, i: number) =>
      postOn(undefined, id, {
        id: randomUUID(),
        kind: i % 2 === 0 ? 'reward' : 'fee',
        amount: cents(i % 2 === 0 ? REWARD : -FEE),
        taskId: randomUUID(),
        at: `${date}T09:00:00.000Z`,
        businessDate: date,
      });
    // One transaction each: fees and rewards share the day's figure shards.
    for (let i = 0; i < ids.length; i += 25)
      await Promise.all(
        ids.slice(i, i + 25).map((id, j) => commitMovement(deps, movementOf(id, i + j))),
      );
    const earners = ids.filter((_, i) => i % 2 === 0);

    const today = { ...deps, closePageSize: PAGE, clock: () => dayAfter(date) };
    await requestClose(today, { date, requestedBy: null }, context);
    await drainOwnEvents(consumer, new Set(), { names: ['accounting.close_requested'] });
    const request = { date, lane, chunk: 1, after: null };
    // A delivery that paid every page and died before its tally committed; a reward lands on
    // one earner between its read and its payout, so that payout's whole transaction (its
    // page's payouts) is refused and its accounts are paid one by one …
    const [moved] = earners;
    let injected = false;
    const racingAccounts: AccountStore = Object.create(deps.accounts);
    racingAccounts.findMany = async (userIds) => {
      const read = await deps.accounts.findMany(userIds);
      if (!injected && userIds.includes(moved!)) {
        injected = true;
        const current = await deps.accounts.find(moved!);
        await commitMovement(
          deps,
          postOn(current, moved!, {
            id: randomUUID(),
            kind: 'reward',
            amount: cents(REWARD),
            taskId: randomUUID(),
            at: `${date}T10:00:00.000Z`,
            businessDate: date,
          }),
        );
      }
      return read;
    };
    await chunkRun({ ...today, accounts: racingAccounts }, request, context);
    expect(injected).toBe(true);
    // … then the redelivery, which finds the payouts, counts them, and ends the lane.
    const redelivered = await chunkRun(today, request, context);
    await deps.unitOfWork.commit(redelivered);
    expect((await chunkRun(today, request, context)).isEmpty).toBe(true);
    // One message walked the whole lane, three pages (the fixed clock never spends the chunk's
    // time budget); the other lanes close as usual.
    expect((await deps.closes.laneTallies(date))[lane]).toMatchObject({
      chunks_done: 1,
      accounts: await deps.accounts.countInLane(lane),
    });
    expect(await deps.accounts.countInLane(lane)).toBeGreaterThan(2 * PAGE);
    await drainOwnEvents(consumer, new Set(), { names: CLOSE_EVENTS });

    expect((await deps.closes.laneTallies(date))[lane]).toMatchObject({
      accounts: await deps.accounts.countInLane(lane),
      paid_count: earners.length,
      paid_total_cents: (earners.length + 1) * REWARD,
    });
    const accounts = await accountsWithLedgers();
    for (const id of earners) {
      expect(accounts.get(id)!.balance, id).toBe(0);
      expect(
        accounts.get(id)!.entries.filter((e) => e.kind === 'payout'),
        id,
      ).toEqual([expect.objectContaining({ amount_cents: id === moved ? -2 * REWARD : -REWARD })]);
    }
    for (const id of ids.filter((_, i) => i % 2 === 1))
      expect(accounts.get(id)!.balance, id).toBe(-FEE);
    const paidEvents = (await outboxEvents()).filter(
      (e) => e.name === 'account.paid' && e.data.business_date === date,
    );
    expect(paidEvents).toHaveLength(earners.length);
    // Every earner's e-mail is asked for once, page by page: the redelivery also asked for the
    // payouts the first delivery made (its requests died with it).
    const requests = await mailRequestsOf(date);
    expect(mailedIn(requests.filter((r) => mailedIn([r]).some((id) => ids.includes(id))))).toEqual(
      [...earners].sort(),
    );
    for (const request of requests)
      expect((request.data.payouts as unknown[]).length).toBeLessThanOrEqual(PAGE);
    await expectBalancesMatchLedgers(expect);
  });

  it('confirms the sent e-mails of a page even when freeing a failed send fails too', async () => {
    const { body, addresses } = await pageOfThreePaid();
    let now = new Date(`${MAIL_DAY}T12:00:00.000Z`);
    const mailLog: MailLog = Object.create(deps.mailLog);
    mailLog.release = () => Promise.reject(new Error('release refused (test)'));
    const consumer = makeAccountingConsumer(() => ({ ...deps, mailLog, clock: () => now }));
    const sentBefore = mailer.sent.length;
    mailer.failNext = 1;
    expect(await deliver(consumer, body)).toHaveLength(1);
    expect(mailer.sent.length - sentBefore).toBe(2);
    // The failed one's reservation waits out its lease; the two sent are never sent again.
    expect(await deliver(consumer, body)).toHaveLength(1);
    expect(mailer.sent.length - sentBefore).toBe(2);
    now = new Date(now.getTime() + MAIL_LEASE_MS + 1);
    expect(await deliver(consumer, body)).toEqual([]);
    const to = mailer.sent.slice(sentBefore).map((m) => m.to);
    expect(to.sort()).toEqual(addresses);
  });

  it('records a recipient SES rejects for good as undeliverable: the page completes and no retry sends it again', async () => {
    const { laterConsumer, body, addresses } = await pageOfThreePaid();
    const [unverified, ...verified] = addresses;
    mailer.rejects.add(unverified!);
    const sentBefore = mailer.sent.length;
    try {
      expect(await deliver(laterConsumer, body)).toEqual([]);
      expect(await deliver(laterConsumer, body)).toEqual([]); // a redelivery tries nobody again
    } finally {
      mailer.rejects.delete(unverified!);
    }
    expect(mailer.rejected).toBe(1);
    expect(
      mailer.sent
        .slice(sentBefore)
        .map((m) => m.to)
        .sort(),
    ).toEqual(verified);
    // The close's status counts it, once, however often the page was delivered.
    expect(await closeStatus(deps, MAIL_DAY)).toMatchObject({ undeliverable: 1 });
  });
});
