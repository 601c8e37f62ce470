import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildAtes } from './ates';
import { readConfig } from './config';

/** `cdk synth|deploy [-c stage=prod -c timezone=Europe/Berlin ...]` — see docs/deploy.md. */
const app = new App();
buildAtes(app, readConfig(app.node), {
  // Unset on a machine without AWS credentials: the stacks are then environment-agnostic and
  // `cdk synth` still works offline.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// A finding fails synth (and so deploy) unless it is suppressed with a reason next to its cause.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
