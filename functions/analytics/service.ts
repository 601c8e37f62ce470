import { defineService, domainTable } from '#shared/declaration';

/** Analytics' routes and consumer arrive with its own issue; its table is ready. */
export const analyticsService = defineService({
  domain: 'analytics',
  table: domainTable('ANALYTICS_TABLE', ['gsi1']),
  routes: {},
});
