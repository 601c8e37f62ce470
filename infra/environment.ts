import type { Environment } from 'aws-cdk-lib';

/**
 * The stacks' environment as the CDK CLI hands it to the app: a region always (`us-east-1` when
 * nothing is configured), an account only with credentials. Unset values leave the stacks
 * environment-agnostic there, so `cdk synth` works offline. cdk-nag spells an ARN differently for
 * each, so the tests check the stage with each (infra/cdk-cli.int.test.ts, infra/variants.test.ts).
 */
export const cliEnvironment = (environment: NodeJS.ProcessEnv): Environment => ({
  account: environment.CDK_DEFAULT_ACCOUNT,
  region: environment.CDK_DEFAULT_REGION,
});
