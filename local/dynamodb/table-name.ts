import type { ServiceDeclaration } from '#shared/declaration';

/**
 * A domain's table name under a prefix. Apart from tables.ts, which loads the DynamoDB client:
 * every test file's setup names the tables, most of them never create one.
 */
export const tableNameOf = (prefix: string, service: ServiceDeclaration) =>
  `${prefix}${service.domain}`;
