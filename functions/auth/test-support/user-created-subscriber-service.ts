import type { DomainName } from '#events';
import { defineService, domainTable } from '#shared/declaration';

/** A test domain that subscribes to Auth's user.created, as Tasker and Accounting do. */
export const userCreatedSubscriberService = defineService({
  domain: 'authsubscriber' as DomainName,
  table: domainTable('AUTH_SUBSCRIBER_TABLE'),
  routes: {},
  consumer: {
    handler: 'functions/auth/test-support/user-created-subscriber.ts',
    subscriptions: [{ source: 'auth', events: ['user.created'] }],
    batchSize: 10,
    maxConcurrency: 2,
    maxReceiveCount: 3,
  },
});
