import { App, type AppProps } from 'aws-cdk-lib';

/**
 * An App for a test: CDK's built-in CloudFormation template validation off. It runs on every
 * synth of an App that does not turn it off, a small stack's included (8 s of CPU to synthesize
 * one bare queue, 0.2 s without), and checks CloudFormation, not our intent; `npm run synth`
 * keeps it, and so does the fresh clone's run in infra/cdk-cli.int.test.ts.
 */
export const testApp = (props: AppProps = {}) =>
  new App({ builtinCloudFormationValidation: false, ...props });
