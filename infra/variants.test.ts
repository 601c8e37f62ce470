import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { cliEnvironment } from './environment';
import { nagFindingsOf } from './test-support/nag';
import { synthAtes } from './test-support/synth';

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';

/**
 * A throwaway stage in an account on a new account's concurrency quota, synthesized once: its
 * options are independent (names, deletion, reservations), so one stage shows all three. It is
 * built for an account and a region, as the CDK CLI's environment gives them with credentials:
 * cdk-nag spells an ARN differently there than with nothing configured, the spelling the CDK CLI
 * test's fresh clone checks (infra/cdk-cli.int.test.ts), or with no environment (infra.test.ts).
 */
describe('a throwaway stage that uploads dashboards, on the shared concurrency pool', () => {
  const web = mkdtempSync(join(tmpdir(), 'ates-web-'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>aTES</title>');
  const sandbox = synthAtes(
    { stage: 'sandbox', retainData: 'false', reservedConcurrency: 'false' },
    {
      webContentDir: web,
      env: cliEnvironment({ CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: REGION }),
    },
  );

  it('names every stack after its stage', () => {
    expect(
      sandbox.app.node.children
        .filter(Stack.isStack)
        .map((c) => c.node.id)
        .sort(),
    ).toStrictEqual(
      ['accounting', 'alarms', 'analytics', 'api', 'auth', 'bus', 'dashboard', 'tasker', 'web'].map(
        (part) => `ates-sandbox-${part}`,
      ),
    );
    sandbox.bus.hasResourceProperties('AWS::Events::EventBus', { Name: 'ates-sandbox' });
  });

  it('deletes its tables and dashboards bucket with the stacks when retainData=false', () => {
    for (const { template } of sandbox.domains) {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Delete',
        Properties: { DeletionProtectionEnabled: false },
      });
    }
    sandbox.web.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });

  it('reserves nothing with -c reservedConcurrency=false, and every function stays', () => {
    let functions = 0;
    for (const { template } of sandbox.domains) {
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
        functions += 1;
        expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
      }
    }
    expect(functions).toBeGreaterThan(0);
  });

  it('has no unacknowledged cdk-nag finding in its account and region, CDK upload helpers included', () => {
    const stacks = sandbox.app.node.children.filter(Stack.isStack);
    expect(new Set(stacks.map((stack) => `${stack.account}/${stack.region}`))).toStrictEqual(
      new Set([`${ACCOUNT}/${REGION}`]),
    );
    sandbox.web.resourceCountIs('Custom::CDKBucketDeployment', 1);
    expect(nagFindingsOf(sandbox.app)).toStrictEqual([]);
  });
});
