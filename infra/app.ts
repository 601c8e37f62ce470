import { App, Validations } from 'aws-cdk-lib';
import { readConfig } from './config';
import { cliEnvironment } from './environment';

/** `cdk synth|deploy [-c stage=prod -c timezone=Europe/Berlin ...]` — see docs/deploy.md. */
const app = new App();
// Checked before the stacks and cdk-nag load: a refused context (a deploy with cdk.json's
// placeholder sender) stops the command in about a second instead of three.
const config = readConfig(app.node);
const [{ AwsSolutionsChecks }, { buildAtes }] = await Promise.all([
  import('cdk-nag'),
  import('./ates'),
]);
buildAtes(app, config, { env: cliEnvironment(process.env) });
// A finding fails synth (and so deploy) unless it is suppressed with a reason next to its cause.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
