import { AUTH_REPLICA_EVENTS } from '#shared/auth/auth-replica-events';
import { defineService, domainTable } from '#shared/declaration';

const dir = 'functions/analytics/handlers';

/** The admins' dashboard, built only from other domains' events. */
export const analyticsService = defineService({
  domain: 'analytics',
  table: domainTable('ANALYTICS_TABLE', ['gsi1']),
  routes: {
    dashboard: {
      method: 'GET',
      path: '/analytics/dashboard',
      handler: `${dir}/dashboard.ts`,
      access: ['admin'],
      summary:
        "A business day's management earnings (fees − rewards, cents) and employees with a negative balance at its end (now, for today).",
    },
    mostExpensive: {
      method: 'GET',
      path: '/analytics/most-expensive',
      handler: `${dir}/most-expensive.ts`,
      access: ['admin'],
      summary:
        'The most expensive completed task of a range (from, to) or of the day, ISO week or month containing a date, and of each of its days.',
    },
  },
  consumer: {
    handler: `${dir}/on-event.ts`,
    subscriptions: [
      // Auth's user events keep the caller replica the routes' revocation check reads.
      {
        source: 'auth',
        events: AUTH_REPLICA_EVENTS,
      },
      // A task's title; its reward and completion come with account.rewarded, which ranks it.
      { source: 'tasker', events: ['task.created'] },
      { source: 'accounting', events: ['account.fined', 'account.rewarded', 'account.paid'] },
    ],
    batchSize: 10,
    // Three batches at once: at five, groups reading at the same instant refused each other's
    // account days (7.6 WU a lifecycle billed for nothing); at two its queue drained last in the
    // soak (docs/operations.md, "Concurrency").
    maxConcurrency: 3,
    maxReceiveCount: 5,
    // Each event is a few reads and a transaction; under load (the soak on 2 cores) ten of them
    // took longer than the 10 s default, and a timed-out batch is redelivered whole.
    timeoutSeconds: 30,
  },
});
