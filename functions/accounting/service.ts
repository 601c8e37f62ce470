import { defineService, domainTable } from '#shared/declaration';

/** Accounting's routes, consumer and daily close arrive with its own issue; its table is ready. */
export const accountingService = defineService({
  domain: 'accounting',
  table: domainTable('ACCOUNTING_TABLE', ['gsi1']),
  routes: {},
});
