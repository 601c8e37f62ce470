import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The DynamoDB actions the project's code calls, by what they do. Nothing here scans or
 * batch-writes: no handler does, so no function may (a Scan would also read past the
 * LeadingKeys condition below, which only a partition-key request carries).
 */
export const TABLE_ACTIONS = {
  /** GetItem, Query (table and GSIs), BatchGetItem. */
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  /** Put, Update and ConditionCheck, alone or inside TransactWriteItems. */
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  delete: ['dynamodb:DeleteItem'],
} as const;

export interface TableAccess {
  readonly write: boolean;
  readonly delete: boolean;
  /** Partition keys this function may not touch: another function's secrets. */
  readonly deniedPartitions: readonly string[];
}

/**
 * Gives one function exactly its access to its domain's table: reads on the table and its
 * GSIs, writes and deletes only if it has them, and an explicit deny on every partition that
 * holds someone else's secrets (`dynamodb:LeadingKeys`), which no later grant can widen.
 */
export function grantTableAccess(fn: lambda.Function, table: dynamodb.Table, access: TableAccess) {
  const indexes = `${table.tableArn}/index/*`;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: [...TABLE_ACTIONS.read],
      resources: [table.tableArn, indexes],
    }),
  );
  const changes = [
    ...(access.write ? TABLE_ACTIONS.write : []),
    ...(access.delete ? TABLE_ACTIONS.delete : []),
  ];
  if (changes.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: changes, resources: [table.tableArn] }));
  }
  if (access.deniedPartitions.length > 0) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: [...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write, ...TABLE_ACTIONS.delete],
        resources: [table.tableArn],
        conditions: {
          'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [...access.deniedPartitions] },
        },
      }),
    );
  }
}
