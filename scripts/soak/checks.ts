import { eventsOfRow } from '../../test/support/outbox-events';
import type { BusEvent } from '../../local/eventbridge/local-bus';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import { expectStatus, waitFor, type Api } from './http';
import type { Person, Population } from './population';
import { eventIdOf } from './poison';
import type { TableScan } from './tables';

/** One verified promise: what was checked, whether it held, and the figures behind it. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Entry {
  id: string;
  type: 'fee' | 'reward' | 'payout';
  amount_cents: number;
}

export interface AccountDay {
  balance: number;
  entries: Entry[];
}

/** An account's balance and today's entries, as the accountant reads them. */
export async function accountDay(api: Api, reader: Person, userId: string, date: string) {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  let balance = 0;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = expectStatus(
      await api(`/accounting/accounts/${userId}?date=${date}${query}`, { token: reader.token }),
      200,
      `account ${userId}`,
    );
    entries.push(...res.body.entries);
    balance = res.body.balance_cents;
    cursor = res.body.next_cursor;
  } while (cursor);
  return { balance, entries };
}

export async function accountDays(api: Api, people: Population, date: string) {
  const days = new Map<string, AccountDay>();
  for (const person of people.everyone) {
    days.set(person.id, await accountDay(api, people.accountant, person.id, date));
  }
  return days;
}

const sum = (entries: readonly Entry[]) => entries.reduce((s, e) => s + e.amount_cents, 0);

/**
 * Items that mark the event that caused them (`marks_event`, stamped by the consumer on an
 * effect declared `markedBy`): Accounting's ledger entries and task details, Analytics' movement
 * facts, Tasker's prices; or the events whose pieces they merged (`applied_events`, on a reaction idempotent by
 * state, which leaves no marker): Analytics' task facts.
 */
const MARKING_EFFECTS = ['entry', 'task', 'movement', 'price', 'task_fact'];

/** The ids of the events a table's domain applied: its `EVENT#` markers and marking effects. */
async function appliedEvents(scan: TableScan, table: string): Promise<Set<string>> {
  const ids = new Set(
    (await scan(table, 'processed_event')).map((r) => String(r.pk).slice('EVENT#'.length)),
  );
  for (const kind of MARKING_EFFECTS) {
    for (const item of await scan(table, kind)) {
      if (typeof item.marks_event === 'string') ids.add(item.marks_event);
      if (Array.isArray(item.applied_events))
        for (const id of item.applied_events) if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

/**
 * Every event in every outbox reached every subscribing domain: each domain whose rule matches
 * the row holds the event's `EVENT#` marker, or an effect that marks it. The rules are the bus's own (the deployed ones).
 */
export async function checkOutboxesConsumed(
  cloud: LocalCloud,
  scan: TableScan,
): Promise<CheckResult & { published: number; deliveries: number }> {
  const markers = new Map<string, Set<string>>();
  for (const [domain, table] of Object.entries(cloud.tables)) {
    markers.set(domain, await appliedEvents(scan, table));
  }
  let published = 0;
  let deliveries = 0;
  const missing: string[] = [];
  for (const table of Object.values(cloud.tables)) {
    for (const { source, detailType, envelope } of (await scan(table, 'outbox')).flatMap(
      eventsOfRow,
    )) {
      published += 1;
      const event = { source, 'detail-type': detailType, detail: envelope } as unknown as BusEvent;
      for (const rule of cloud.bus.rules.filter((r) => r.matches(event))) {
        deliveries += 1;
        if (!markers.get(rule.domain)?.has(envelope.metadata.event_id)) {
          missing.push(`${rule.domain} never applied ${detailType} ${envelope.metadata.event_id}`);
        }
      }
    }
  }
  return {
    name: 'every outbox event applied by every subscriber',
    ok: missing.length === 0,
    detail: missing.length
      ? `${missing.length} missing, e.g. ${missing.slice(0, 3).join('; ')}`
      : `${published} events, ${deliveries} (event, subscriber) pairs, all applied`,
    published,
    deliveries,
  };
}

/** Every balance equals the sum of its ledger entries (all written today, on a fresh cloud). */
export function checkLedger(days: ReadonlyMap<string, AccountDay>, when: string): CheckResult {
  const wrong = [...days].filter(([, d]) => sum(d.entries) !== d.balance);
  const ids = new Set<string>();
  let duplicates = 0;
  for (const [, d] of days) {
    for (const e of d.entries) {
      if (ids.has(e.id)) duplicates += 1;
      ids.add(e.id);
    }
  }
  return {
    name: `balance = ledger (${when})`,
    ok: wrong.length === 0 && duplicates === 0,
    detail:
      wrong.length || duplicates
        ? `${wrong.length} accounts off (${wrong
            .slice(0, 3)
            .map(([id, d]) => `${id}: ${d.balance} vs ${sum(d.entries)}`)
            .join(', ')}); ${duplicates} duplicate entry ids`
        : `${days.size} accounts, ${ids.size} entries`,
  };
}

/** One fee per assignment Tasker published, one reward per completion it accepted. */
export async function checkEntryCounts(
  cloud: LocalCloud,
  scan: TableScan,
  days: ReadonlyMap<string, AccountDay>,
  completed: number,
): Promise<CheckResult> {
  const assigned = (await scan(cloud.tables.tasker!, 'outbox'))
    .flatMap(eventsOfRow)
    .filter((e) => e.detailType === 'task.assigned').length;
  const entries = [...days.values()].flatMap((d) => d.entries);
  const fees = entries.filter((e) => e.type === 'fee').length;
  const rewards = entries.filter((e) => e.type === 'reward').length;
  return {
    name: 'one fee per assignment, one reward per completion',
    ok: fees === assigned && rewards === completed,
    detail: `fees ${fees} / assignments ${assigned}; rewards ${rewards} / completions ${completed}`,
  };
}

/** Every task listed once, with exactly one assignee. */
export function checkAssignees(
  tasks: readonly { id: string; assignee_id: string | null }[],
  created: number,
): CheckResult {
  const ids = new Set(tasks.map((t) => t.id));
  const unassigned = tasks.filter((t) => typeof t.assignee_id !== 'string' || !t.assignee_id);
  return {
    name: 'every task has exactly one assignee',
    ok: ids.size === created && tasks.length === created && unassigned.length === 0,
    detail: `${tasks.length} tasks listed (${ids.size} distinct) of ${created} created; ${unassigned.length} without an assignee`,
  };
}

/** A day that has not ended cannot close: today's close is refused, and nothing is written. */
export async function checkTodayRefused(api: Api, people: Population, today: string) {
  const res = await api('/accounting/close-day', {
    method: 'POST',
    token: people.admin.token,
    body: { date: today },
  });
  const never = await api(`/accounting/closes/${today}`, { token: people.accountant.token });
  return {
    name: 'a day not over cannot close',
    ok: res.status === 422 && res.body?.error?.code === 'day_not_over' && never.status === 404,
    detail: `close of ${today} before its end: ${res.status} ${res.body?.error?.code}; its close: ${never.status}`,
  };
}

/** Closes the most recent ended day (`{}`) as the admin and waits for the close to finish. */
export async function closeLastEndedDay(api: Api, people: Population, date: string) {
  const res = expectStatus(
    await api('/accounting/close-day', { method: 'POST', token: people.admin.token, body: {} }),
    202,
    'close-day',
  );
  if (res.body.date !== date) throw new Error(`{} closed ${res.body.date}, not ${date}`);
  return waitFor(`the close of ${date}`, async () => {
    const res = await api(`/accounting/closes/${date}`, { token: people.accountant.token });
    return res.status === 200 && res.body.status === 'done' ? res.body : undefined;
  });
}

/**
 * Payouts equal the positive balances at the end of the closed day (every movement of the soak
 * is of that day); the rest is carried.
 */
export function checkPayouts(
  before: ReadonlyMap<string, AccountDay>,
  after: ReadonlyMap<string, AccountDay>,
  close: { paid_count: number; paid_total_cents: number },
): CheckResult {
  const positive = [...before].filter(([, d]) => d.balance > 0);
  const total = positive.reduce((s, [, d]) => s + d.balance, 0);
  const wrong: string[] = [];
  for (const [id, day] of before) {
    const later = after.get(id)!;
    const payouts = later.entries.filter((e) => e.type === 'payout').map((e) => e.amount_cents);
    const expected = day.balance > 0 ? [-day.balance] : [];
    const balance = day.balance > 0 ? 0 : day.balance;
    if (JSON.stringify(payouts) !== JSON.stringify(expected) || later.balance !== balance) {
      wrong.push(`${id}: payouts ${JSON.stringify(payouts)} balance ${later.balance}`);
    }
  }
  // A close that pays nobody proves nothing about payouts: the scenario must produce some.
  const ok =
    positive.length > 0 &&
    wrong.length === 0 &&
    close.paid_count === positive.length &&
    close.paid_total_cents === total;
  return {
    name: 'payouts = positive balances at the end of the day',
    ok,
    detail: ok
      ? `${positive.length} paid, ${total} cents; ${before.size - positive.length} carried or zero`
      : `close says ${close.paid_count} / ${close.paid_total_cents}, balances say ${positive.length} / ${total}; ${wrong.slice(0, 3).join('; ')}`,
  };
}

/**
 * Exactly one e-mail per payout, to the payee, in the local SES inbox, except the payouts whose
 * e-mail SES rejected for good (the `sesReject` fault): none for those, and the close counts each
 * once as `undeliverable`.
 */
export async function checkMails(
  inboxUrl: string,
  people: Population,
  before: ReadonlyMap<string, AccountDay>,
  undeliverable: number,
): Promise<CheckResult> {
  const store = (await (await fetch(`${inboxUrl}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  const emailOf = new Map(people.everyone.map((p) => [p.id, p.email]));
  const wrong: string[] = [];
  let payouts = 0;
  let unmailed = 0;
  for (const [id, day] of before) {
    const count = store.emails.filter((m) => m.destination.to.includes(emailOf.get(id)!)).length;
    const expected = day.balance > 0 ? 1 : 0;
    payouts += expected;
    if (expected === 1 && count === 0) unmailed += 1;
    else if (count !== expected)
      wrong.push(`${emailOf.get(id)}: ${count} e-mails, expected ${expected}`);
  }
  return {
    name: 'exactly one e-mail per payout (or undeliverable)',
    ok:
      wrong.length === 0 &&
      unmailed === undeliverable &&
      store.emails.length + undeliverable === payouts,
    detail: `${store.emails.length} e-mails and ${undeliverable} undeliverable for ${payouts} payouts (${unmailed} payees without one)${wrong.length ? `; ${wrong.slice(0, 3).join('; ')}` : ''}`,
  };
}

/** The close's count of payout e-mails SES rejected for good, once the e-mails are done. */
export async function undeliverableOf(api: Api, people: Population, date: string) {
  const res = expectStatus(
    await api(`/accounting/closes/${date}`, { token: people.accountant.token }),
    200,
    `the close of ${date}`,
  );
  return res.body.undeliverable as number;
}

/** The admins' dashboard of a day, as the admin reads it. */
const analyticsDashboard = async (api: Api, people: Population, date: string) =>
  expectStatus(
    await api(`/analytics/dashboard?date=${date}`, { token: people.admin.token }),
    200,
    'analytics dashboard',
  ).body as { management_earnings_cents: number; negative_balance_employees: number };

/** Analytics' management earnings for the day equal Accounting's. */
export async function checkEarnings(
  api: Api,
  people: Population,
  date: string,
): Promise<CheckResult> {
  const analytics = (await analyticsDashboard(api, people, date)).management_earnings_cents;
  const board = expectStatus(
    await api('/accounting/dashboard', { token: people.accountant.token }),
    200,
    'accounting dashboard',
  ).body as { days: { date: string; management_earnings_cents: number }[] };
  const accounting = board.days.find((d) => d.date === date)?.management_earnings_cents;
  return {
    name: 'Analytics earnings = Accounting earnings',
    ok: analytics === accounting,
    detail: `${date}: analytics ${analytics}, accounting ${accounting}`,
  };
}

/**
 * Analytics' count of employees in the negative at the end of the day equals the accounts
 * Accounting shows negative at its end (`endOfDay`: read before the close, when every movement
 * of the soak is the day's). The close pays positive balances with payouts dated the closed day,
 * so the count must not move with it. A day nobody ended negative would compare 0 with 0 and
 * prove nothing, so the scenario must leave someone negative.
 */
export async function checkNegativeCount(
  api: Api,
  people: Population,
  date: string,
  endOfDay: ReadonlyMap<string, AccountDay>,
): Promise<CheckResult> {
  const analytics = (await analyticsDashboard(api, people, date)).negative_balance_employees;
  const accounting = [...endOfDay.values()].filter((day) => day.balance < 0).length;
  return {
    name: 'Analytics negative count = negative balances at the end of the day',
    ok: accounting > 0 && analytics === accounting,
    detail: `${date}: analytics ${analytics}, accounting ${accounting}`,
  };
}

/**
 * Analytics' most expensive task of the day is the highest reward Accounting credited that day
 * (read before the close: every reward of the soak is the day's), and shows its title: the
 * reward ranks the task, the title is joined from its `task.created`, each applied under faults.
 */
export async function checkMostExpensive(
  api: Api,
  people: Population,
  date: string,
  endOfDay: ReadonlyMap<string, AccountDay>,
): Promise<CheckResult> {
  const { top } = expectStatus(
    await api(`/analytics/most-expensive?period=day&date=${date}`, { token: people.admin.token }),
    200,
    'analytics most expensive',
  ).body as { top: { reward_cents: number; title: string } | null };
  const rewards = [...endOfDay.values()].flatMap((day) =>
    day.entries.filter((e) => e.type === 'reward').map((e) => e.amount_cents),
  );
  const dearest = rewards.length > 0 ? Math.max(...rewards) : undefined;
  return {
    name: "Analytics' most expensive task = Accounting's highest reward",
    ok: dearest !== undefined && top?.reward_cents === dearest && top.title !== '',
    detail: `${date}: analytics ${top?.reward_cents} (${JSON.stringify(top?.title)}), accounting ${dearest} of ${rewards.length} rewards`,
  };
}

/** The dead-letter store holds the injected poison events, in each subscriber, and nothing else. */
export function checkDeadLetters(cloud: LocalCloud, poison: readonly string[]): CheckResult {
  const letters = cloud.deadLetters.list();
  const poisonIds = new Set(poison);
  const strangers = letters.filter((l) => !poisonIds.has(eventIdOf(l) ?? ''));
  const subscribers = ['accounting', 'analytics'].filter((d) => cloud.queues.has(d));
  const absent = poison.flatMap((id) =>
    subscribers
      .filter((d) => !letters.some((l) => l.domain === d && eventIdOf(l) === id))
      .map((d) => `${d} lacks ${id}`),
  );
  return {
    name: 'dead letters = the injected poison only',
    ok: strangers.length === 0 && absent.length === 0,
    detail: `${letters.length} dead letters for ${poison.length} poison events${
      strangers.length
        ? `; ${strangers.length} others, e.g. ${strangers
            .slice(0, 2)
            .map((l) => `${l.domain}: ${l.error}`)
            .join('; ')}`
        : ''
    }${absent.length ? `; ${absent.slice(0, 3).join('; ')}` : ''}`,
  };
}

/** After the fix and the redrive: no dead letter left, each poison event applied by its subscribers. */
export async function checkPoisonFixed(
  cloud: LocalCloud,
  scan: TableScan,
  poison: readonly string[],
  redriven: number,
): Promise<CheckResult> {
  const left = cloud.deadLetters.list();
  const unapplied: string[] = [];
  for (const domain of ['accounting', 'analytics'].filter((d) => cloud.tables[d])) {
    const applied = await appliedEvents(scan, cloud.tables[domain]!);
    for (const id of poison) if (!applied.has(id)) unapplied.push(`${domain}: ${id}`);
  }
  return {
    name: 'redriven poison converges after the fix',
    ok: left.length === 0 && unapplied.length === 0,
    detail: `${redriven} redriven, ${left.length} dead letters left, ${unapplied.length} not applied`,
  };
}
