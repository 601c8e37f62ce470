import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { tableStatements, type TableAccess } from '../function-policies';

/**
 * Gives one function exactly its access to its domain's table, as infra/function-policies.ts
 * writes it (the statements the local cloud enforces too).
 */
export function grantTableAccess(fn: lambda.Function, table: dynamodb.Table, access: TableAccess) {
  for (const statement of tableStatements(table.tableArn, access)) {
    fn.addToRolePolicy(iam.PolicyStatement.fromJson(statement));
  }
}
