import * as z from '#events/zod';
import { roleSchema } from '#events';
import { NEVER_MOVED, NONE_KNOWN, type DayMoves, type DayStatement } from '../domain/account-days';
import type { Close, CloseTally } from '../domain/close';
import type { Entry } from '../domain/ledger';
import { cents, ZERO } from '#shared/money';
import type { AccountRecord, TaskDetails, TaskMovement } from '../domain/ports';
import type { Price } from '../domain/pricing';

/** Items are parsed, not cast: a malformed item fails loudly where it is read. */
const money = z.pipe(z.number().check(z.int()), z.transform(cents));

const accountItem = z.object({
  user_id: z.string(),
  balance_cents: z._default(money, ZERO),
  revision: z._default(z.number().check(z.int()), 0),
  email: z._default(z.nullable(z.string()), null),
  name: z._default(z.nullable(z.string()), null),
  user_revision: z._default(z.number().check(z.int()), 0),
  role: z._default(z.nullable(roleSchema), null),
  active: z._default(z.nullable(z.boolean()), null),
  last_payout_date: z._default(z.nullable(z.string()), null),
  last_payout_cents: z._default(z.nullable(money), null),
  recent_after: z.optional(z.string()),
  recent_days: z._default(z.record(z.string(), z.object({ f: money, r: money, p: money })), {}),
});

/** A day of `recent_days`, in short names: the map is rewritten with every movement. */
export const recentDayItem = (day: DayMoves) => ({ f: day.fees, r: day.rewards, p: day.payouts });
export const accountOf = (item: unknown): AccountRecord => {
  const a = accountItem.parse(item);
  return {
    userId: a.user_id,
    balance: a.balance_cents,
    revision: a.revision,
    email: a.email,
    name: a.name,
    userRevision: a.user_revision,
    recent:
      a.recent_after !== undefined
        ? {
            after: a.recent_after,
            days: Object.fromEntries(
              Object.entries(a.recent_days).map(([date, d]) => [
                date,
                { fees: d.f, rewards: d.r, payouts: d.p },
              ]),
            ),
          }
        : // Never moved: nothing to know. Moved before the recent days were kept: nothing known.
          a.revision === 0
          ? NEVER_MOVED
          : { after: NONE_KNOWN, days: {} },
    role: a.role,
    active: a.active,
    lastPayout:
      a.last_payout_date === null || a.last_payout_cents === null
        ? null
        : { date: a.last_payout_date, amount: a.last_payout_cents },
  };
};

const entryItem = z.object({
  entry_id: z.string(),
  user_id: z.string(),
  kind: z.enum(['fee', 'reward', 'payout']),
  amount_cents: money,
  balance_after_cents: money,
  revision: z.number().check(z.int()),
  task_id: z.nullable(z.string()),
  at: z.string(),
  business_date: z.string(),
  statement: z.optional(
    z.object({
      carried_in_cents: money,
      fees_cents: money,
      rewards_cents: money,
      paid_out_cents: money,
      carried_forward_cents: money,
    }),
  ),
});

/** A payout's statement as its entry stores it. */
export const statementItem = (s: DayStatement) => ({
  carried_in_cents: s.carriedIn,
  fees_cents: s.fees,
  rewards_cents: s.rewards,
  paid_out_cents: s.paidOut,
  carried_forward_cents: s.carriedForward,
});

export const entryOf = (item: unknown): Entry => {
  const e = entryItem.parse(item);
  return {
    id: e.entry_id,
    userId: e.user_id,
    kind: e.kind,
    amount: e.amount_cents,
    balanceAfter: e.balance_after_cents,
    revision: e.revision,
    taskId: e.task_id,
    at: e.at,
    businessDate: e.business_date,
    ...(e.statement && {
      statement: {
        date: e.business_date,
        carriedIn: e.statement.carried_in_cents,
        fees: e.statement.fees_cents,
        rewards: e.statement.rewards_cents,
        paidOut: e.statement.paid_out_cents,
        carriedForward: e.statement.carried_forward_cents,
      },
    }),
  };
};

const priceItem = z.object({ fee_cents: money, reward_cents: money });
export const priceOf = (item: unknown): Price => {
  const p = priceItem.parse(item);
  return { fee: p.fee_cents, reward: p.reward_cents };
};

const taskItem = z.object({
  task_id: z.string(),
  title: z.string(),
  jira_id: z.nullable(z.string()),
  description: z.string(),
});
export const taskDetailsOf = (item: unknown): TaskDetails => {
  const t = taskItem.parse(item);
  return { id: t.task_id, title: t.title, jira_id: t.jira_id, description: t.description };
};

const taskMovementItem = z.object({
  entry_id: z.string(),
  user_id: z.string(),
  kind: z.enum(['fee', 'reward']),
  amount_cents: money,
  at: z.string(),
});
export const taskMovementOf = (item: unknown): TaskMovement => {
  const m = taskMovementItem.parse(item);
  return { id: m.entry_id, userId: m.user_id, kind: m.kind, amount: m.amount_cents, at: m.at };
};

export const figuresOf = z.object({
  business_date: z.string(),
  fees_cents: z._default(money, ZERO),
  rewards_cents: z._default(money, ZERO),
}).parse;

/** The first movement's date (`LEDGER / FIRST_MOVEMENT`). */
export const firstMovementOf = (item: unknown): string =>
  z.object({ first_date: z.string() }).parse(item).first_date;

/** The latest date ever asked to close (`CLOSES / LATEST`). */
export const latestCloseOf = (item: unknown): string =>
  z.object({ latest_date: z.string() }).parse(item).latest_date;

const closeItem = z.object({
  date: z.string(),
  requested_by: z.nullable(z.string()),
  requested_at: z.string(),
  accounts_total: z._default(z.nullable(z.number().check(z.int())), null),
  lanes_done: z._default(z.number().check(z.int()), 0),
  undeliverable: z._default(z.number().check(z.int()), 0),
});
export const closeOf = (item: unknown): Close => closeItem.parse(item);

const laneItem = z.object({
  accounts: z.number().check(z.int()),
  paid_count: z.number().check(z.int()),
  paid_total_cents: money,
  carried_negative_count: z.number().check(z.int()),
  chunks_done: z.number().check(z.int()),
});
export const closeLaneOf = (item: unknown): CloseTally & { chunks_done: number } =>
  laneItem.parse(item);

export const mailItem = z.object({
  status: z.enum(['sending', 'sent', 'undeliverable']),
  token: z.string(),
});
