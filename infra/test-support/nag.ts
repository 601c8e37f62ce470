import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** Rule id and construct path of every AwsSolutions finding nobody acknowledged. */
export const nagFindingsOf = (app: App) =>
  new AwsSolutionsChecks(app)
    .validateScope(app)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`),
    );
