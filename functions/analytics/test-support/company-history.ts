import { randomUUID } from 'node:crypto';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userBalanceChangedV1 } from '#events/accounting/user.balance_changed.v1';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV1 } from '#events/tasker/task.created.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { businessDateOf } from '#shared/time/business-day';
import { published, type PublishedEvent } from './events';

/**
 * Plays Tasker and Accounting for a few days and records the events they would publish, with
 * balances kept the way Accounting keeps them (fee debited on assignment, reward credited on
 * completion, a positive balance paid out at the day's close). The analytics tests feed these
 * events and compare with figures worked out by hand.
 */
export class CompanyHistory {
  readonly events: PublishedEvent[] = [];
  private readonly balances = new Map<string, number>();
  private readonly revisions = new Map<string, number>();
  private readonly prices = new Map<string, { fee: number; reward: number }>();

  constructor(private readonly timeZone = 'UTC') {}

  /** Creates a task assigned to `userId`; prices in dollars, as the requirements write them. */
  createTask(
    at: string,
    userId: string,
    price: { fee: number; reward: number },
    title: string,
    options: { v1?: boolean; jiraId?: string } = {},
  ): string {
    const id = randomUUID();
    const when = new Date(at);
    this.events.push(
      options.v1
        ? published(taskCreatedV1, { id, title, description: '' }, when)
        : published(
            taskCreatedV2,
            {
              id,
              title,
              jira_id: options.jiraId ?? null,
              description: '',
              assignee_id: userId,
              status: 'open',
              created_at: at,
            },
            when,
          ),
      published(
        taskAssignedV1,
        { id, user_id: userId, assignment_id: randomUUID(), assignment_seq: 1, assigned_at: at },
        when,
      ),
      published(
        taskPricedV1,
        { id, fee_cents: price.fee * 100, reward_cents: price.reward * 100, priced_at: at },
        when,
      ),
    );
    this.prices.set(id, price);
    this.move(accountFinedV1, userId, id, -price.fee * 100, at);
    return id;
  }

  completeTask(at: string, taskId: string, userId: string) {
    const when = new Date(at);
    this.events.push(
      published(taskCompletedV1, { id: taskId, user_id: userId, completed_at: at }, when),
    );
    // Accounting credits the reward at the completion's own time, as Tasker wrote it.
    this.move(accountRewardedV1, userId, taskId, this.prices.get(taskId)!.reward * 100, at);
  }

  /** The day's close: every positive balance is paid out and reset to zero. */
  closeDay(at: string) {
    for (const [userId, balance] of this.balances) {
      if (balance > 0) this.move(accountPaidV1, userId, null, -balance, at);
    }
  }

  private move(
    contract: typeof accountFinedV1 | typeof accountRewardedV1 | typeof accountPaidV1,
    userId: string,
    taskId: string | null,
    amountCents: number,
    at: string,
  ) {
    const when = new Date(at);
    const balance = (this.balances.get(userId) ?? 0) + amountCents;
    const revision = (this.revisions.get(userId) ?? 0) + 1;
    this.balances.set(userId, balance);
    this.revisions.set(userId, revision);
    this.events.push(
      published(
        contract,
        {
          transaction_id: randomUUID(),
          user_id: userId,
          task_id: taskId,
          amount_cents: amountCents,
          balance_cents: balance,
          business_date: businessDateOf(when, this.timeZone),
          at,
        },
        when,
      ),
      published(
        userBalanceChangedV1,
        { id: userId, balance_cents: balance, revision, changed_at: at },
        when,
      ),
    );
  }
}

/**
 * The requirements' example (Analytics 2: 03.03 — 28; 02.03 — 38; 01.03 — 23; 01–03.03 — 38)
 * as four days of UberPopug, with every figure the tests expect worked out by hand below.
 */
export function requirementsExample() {
  const history = new CompanyHistory();
  const [kiwi, kea, kaka] = [randomUUID(), randomUUID(), randomUUID()];
  const h = history;

  // 1 March. Fees 15 + 12 + 18 = 45, rewards 23 + 20 = 43: management +2.
  // Kiwi ends at 23 − 15 − 18 = −10; Kea at 8, paid out. Negative at the end: Kiwi.
  const a = h.createTask('2026-03-01T09:00:00Z', kiwi, { fee: 15, reward: 23 }, 'Polish the perch');
  const b = h.createTask('2026-03-01T09:10:00Z', kea, { fee: 12, reward: 20 }, 'Sweep the cage');
  h.createTask('2026-03-01T09:20:00Z', kiwi, { fee: 18, reward: 35 }, 'Never done');
  h.completeTask('2026-03-01T14:00:00Z', a, kiwi);
  h.completeTask('2026-03-01T15:00:00Z', b, kea);
  h.closeDay('2026-03-01T18:00:00Z');

  // 2 March. Fees 10 + 20 = 30, rewards 38: management −8.
  // Kea 28, paid out; Kaka −20. Negative at the end: Kiwi, Kaka.
  const d = h.createTask('2026-03-02T09:00:00Z', kea, { fee: 10, reward: 38 }, 'Count the seeds', {
    jiraId: 'UBERPOP-38',
  });
  const e = h.createTask('2026-03-02T09:30:00Z', kaka, { fee: 20, reward: 25 }, 'Oil the swing');
  h.completeTask('2026-03-02T16:00:00Z', d, kea);
  h.closeDay('2026-03-02T18:00:00Z');

  // 3 March. Fees 11 + 19 + 13 = 43, rewards 25 + 28 + 21 = 74: management −31.
  // F comes from an old producer (v1: the jira id inside the title).
  // Kaka 5 and Kea 17 paid out; Kiwi −10 − 19 − 13 + 21 = −21. Negative at the end: Kiwi.
  const f = h.createTask(
    '2026-03-03T09:00:00Z',
    kea,
    { fee: 11, reward: 28 },
    '[UBERPOP-3] Feed the kiwi',
    { v1: true },
  );
  const g = h.createTask('2026-03-03T09:05:00Z', kiwi, { fee: 19, reward: 21 }, 'Trim the claws');
  const later = h.createTask('2026-03-03T09:10:00Z', kiwi, { fee: 13, reward: 40 }, 'Big one');
  h.completeTask('2026-03-03T11:00:00Z', e, kaka);
  h.completeTask('2026-03-03T12:00:00Z', f, kea);
  h.completeTask('2026-03-03T13:00:00Z', g, kiwi);
  h.closeDay('2026-03-03T18:00:00Z');

  // 4 March. Rewards 40: management −40. Kiwi 19, paid out. Nobody negative.
  h.completeTask('2026-03-04T10:00:00Z', later, kiwi);
  h.closeDay('2026-03-04T18:00:00Z');

  return {
    events: history.events,
    tasks: { a, b, d, e, f, g, later },
    expected: {
      earningsCents: {
        '2026-03-01': 200,
        '2026-03-02': -800,
        '2026-03-03': -3100,
        '2026-03-04': -4000,
      },
      negativeEmployees: {
        '2026-02-28': 0,
        '2026-03-01': 1,
        '2026-03-02': 2,
        '2026-03-03': 1,
        '2026-03-04': 0,
      },
      topRewardCents: { '2026-03-01': 2300, '2026-03-02': 3800, '2026-03-03': 2800 },
    },
  };
}
