import { AUTH_REPLICA_EVENTS } from '#shared/auth/auth-replica-events';
import { defineService, domainTable, SES_DETAIL_TYPE } from '#shared/declaration';
import { METRIC } from '#shared/metrics/catalog';
import { LANE_INDEX, laneIndex, TASK_INDEX, taskIndex } from './store/keys';

const dir = 'functions/accounting/handlers';

export const accountingService = defineService({
  domain: 'accounting',
  table: domainTable('ACCOUNTING_TABLE', [
    'gsi1',
    { name: TASK_INDEX, projection: taskIndex.projected },
    { name: LANE_INDEX, projection: laneIndex.projected },
  ]),
  routes: {
    me: {
      method: 'GET',
      path: '/accounting/me',
      handler: `${dir}/me.ts`,
      access: 'signed-in',
      summary: 'Own balance and one day’s ledger entries (default today), newest first, paged.',
    },
    account: {
      method: 'GET',
      path: '/accounting/accounts/{user_id}',
      handler: `${dir}/account.ts`,
      access: ['admin', 'accountant'],
      summary: 'Any employee’s balance and one day’s ledger entries.',
    },
    people: {
      method: 'GET',
      path: '/accounting/people',
      handler: `${dir}/people.ts`,
      access: ['admin', 'accountant'],
      summary:
        'Every account holder by name (id, name, role, active): whose audit log to open, without Auth’s admin-only user list.',
    },
    taskHistory: {
      method: 'GET',
      path: '/accounting/tasks/{id}',
      handler: `${dir}/task-history.ts`,
      access: 'signed-in',
      summary:
        'A task’s price and its fees and reward, oldest first, by name: every account for admins, accountants and managers, one’s own for anyone else.',
    },
    dashboard: {
      method: 'GET',
      path: '/accounting/dashboard',
      handler: `${dir}/dashboard.ts`,
      access: ['admin', 'accountant'],
      summary: 'Management earnings today and per day (fees − rewards), default the last 30 days.',
    },
    closeDay: {
      method: 'POST',
      path: '/accounting/close-day',
      handler: `${dir}/close-day.ts`,
      access: ['admin'],
      summary:
        "Close an ended business day (default the most recent one): pay each account's unpaid money of that day and earlier (202).",
    },
    listCloses: {
      method: 'GET',
      path: '/accounting/closes',
      handler: `${dir}/list-closes.ts`,
      access: ['admin', 'accountant'],
      summary:
        'The closed days, newest first, paged (who closed each and when), and the most recent day that has ended.',
    },
    suppressions: {
      method: 'GET',
      path: '/accounting/suppressions',
      handler: `${dir}/suppressions.ts`,
      access: ['admin'],
      summary:
        'Addresses payout e-mails skip because SES reported a bounce or complaint for them, until an admin clears them.',
    },
    clearSuppression: {
      method: 'DELETE',
      path: '/accounting/suppressions/{email}',
      handler: `${dir}/clear-suppression.ts`,
      access: ['admin'],
      summary:
        'Clear a suppressed address: payout e-mails go to it again, until SES reports new feedback.',
    },
    closeStatus: {
      method: 'GET',
      path: '/accounting/closes/{date}',
      handler: `${dir}/close-status.ts`,
      access: ['admin', 'accountant'],
      summary: 'Progress of a day’s close.',
    },
  },
  consumer: {
    handler: `${dir}/on-event.ts`,
    subscriptions: [
      { source: 'tasker', events: ['task.created', 'task.assigned', 'task.completed'] },
      {
        source: 'auth',
        events: AUTH_REPLICA_EVENTS,
      },
      // Its own events: the close fans out through them, and each page's payouts are e-mailed.
      {
        source: 'accounting',
        events: [
          'accounting.close_requested',
          'accounting.close_chunk_requested',
          'accounting.payout_mails_requested',
        ],
      },
    ],
    // SES's bounces and complaints, from the default bus: they suppress the address.
    awsSubscriptions: [
      { source: 'aws.ses', detailTypes: [SES_DETAIL_TYPE.BOUNCE, SES_DETAIL_TYPE.COMPLAINT] },
    ],
    // Ten to a batch: fees and rewards commit in groups of up to ten (the consumer's group
    // commit), and the records that commit alone (close chunks, pages of e-mails) run at once
    // beside the group (consume-batch.ts), so the 16 lanes' first close chunks, arriving
    // together in one or two batches, still move side by side. Run one after another, ten had
    // made the close slower than two; at once, the close of 10,000 accounts took 136 s against
    // 184 s at two (bench/close-day.ts, docs/accounting.md "Batches of ten").
    batchSize: 10,
    // Three batches at once: fees and rewards commit in groups that a batch beside them refuses
    // by moving one of their accounts first (a refused group is billed whole), so fewer batches
    // refuse fewer; at two the soak's queue fell behind. The close's chunks still run side by
    // side, ten to a batch (docs/operations.md, "Concurrency").
    maxConcurrency: 3,
    // A payout e-mail waits for its address: retried this many times before the dead letter.
    maxReceiveCount: 10,
    // A batch may hold ten close chunks, run at once: each at most 4 s of work plus the page
    // in flight, none starting a page its remaining time would not hold (domain/close.ts's
    // reserves), and pages of e-mails, which share the process's send pace and take no turn
    // in the last sixth of the invocation (send-pace.ts). At once, ten need no more time than one.
    timeoutSeconds: 120,
  },
  schedules: [
    {
      name: 'daily-close',
      // Midnight in the business time zone (ATES_TIMEZONE): the day that just ended is closed.
      cron: '0 0 * * ? *',
      handler: `${dir}/daily-close.ts`,
      description:
        'Close the business day that just ended: pay each account its unpaid money of that day and earlier.',
      // A day's close finishes minutes after midnight: a day and an hour without one is overdue.
      mustFinish: { metric: METRIC.closesFinished, withinHours: 25 },
    },
  ],
  // The configuration set the payout e-mails name publishes these to the default bus.
  mail: { senders: ['consumer'], feedback: ['BOUNCE', 'COMPLAINT'] },
});
