import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';
import { defineService, domainTable, scheduleExpressionOf } from '#shared/declaration';
import { nagFindingsOf } from './test-support/nag';
import { logicalIdOf, synthAtes } from './test-support/synth';

/**
 * Accounting declares its daily close with its own issue; until then this stand-in (handler files
 * need not exist: the test build uses placeholders) proves what any declared schedule becomes.
 */
const closingAccounting = defineService({
  domain: 'accounting',
  table: domainTable('ACCOUNTING_TABLE', ['gsi1']),
  routes: {},
  consumer: {
    handler: 'functions/accounting/handlers/on-event.ts',
    subscriptions: [{ source: 'accounting', events: ['account.paid'] }],
    batchSize: 10,
    maxReceiveCount: 3,
  },
  schedules: [
    {
      name: 'close-day',
      cron: '0 17 * * ? *',
      handler: 'functions/accounting/handlers/close-day.ts',
      description: 'Close the business day: pay out positive balances.',
    },
  ],
  mail: { senders: ['consumer', 'close-day'] },
});

describe('schedules', () => {
  const timezone = 'Europe/Berlin';
  const services = [...SERVICES.filter((s) => s.domain !== 'accounting'), closingAccounting];
  const ates = synthAtes({ timezone }, { services });
  const accounting = ates.domains.find((d) => d.declaration.domain === 'accounting')!;
  const schedules = accounting.service.schedules!;

  it('runs each declared schedule in the configured time zone, on its declared cron', () => {
    accounting.template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    accounting.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: scheduleExpressionOf(closingAccounting.schedules[0]),
      ScheduleExpressionTimezone: timezone,
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalIdOf(schedules.functions[0]!), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(schedules.failures.queue), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 5 },
      },
    });
  });

  it('hands the handler the scheduled-event shape the local scheduler uses', () => {
    const schedule = Object.values(
      accounting.template.findResources('AWS::Scheduler::Schedule'),
    )[0]!;
    const input = JSON.stringify(schedule.Properties.Target.Input);
    expect(input).toContain('Scheduled Event');
    expect(input).toContain('<aws.scheduler.scheduled-time>');
  });

  it('gives the sender identity to the mailing domain and lets its consumer and schedules send', () => {
    accounting.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: ates.config.senderEmail,
    });
    const sesPolicies = Object.values(accounting.template.findResources('AWS::IAM::Policy')).filter(
      (p) => JSON.stringify(p.Properties.PolicyDocument).includes('ses:SendEmail'),
    );
    const roles = sesPolicies.flatMap((p) => p.Properties.Roles);
    expect(roles).toStrictEqual(
      expect.arrayContaining([
        { Ref: logicalIdOf(accounting.service.consumer!.function.role!) },
        { Ref: logicalIdOf(schedules.functions[0]!.role!) },
      ]),
    );
    expect(roles).toHaveLength(2);
    for (const other of ates.domains.filter((d) => d !== accounting)) {
      other.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    }
  });

  it('schedules exactly what the declarations declare, each in the zone, on its cron, at its function', () => {
    // The real declarations, with the stand-in for Accounting while it declares no schedule of
    // its own, so the loop below always has something to check.
    const realAccounting = SERVICES.find((s) => s.domain === 'accounting');
    const declared = realAccounting?.schedules?.length ? SERVICES : services;
    const real = synthAtes({ timezone }, { services: declared });
    const checked: string[] = [];
    for (const { declaration, template, service } of real.domains) {
      const schedules = declaration.schedules ?? [];
      template.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
      schedules.forEach((schedule, index) => {
        const fn = service.schedules!.functions[index]!;
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: `cron(${schedule.cron})`,
          ScheduleExpressionTimezone: timezone,
          Target: { Arn: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] } },
        });
        expect(schedule.handler).toMatch(/^functions\/[a-z]+\/handlers\/.+\.ts$/);
        checked.push(`${declaration.domain}/${schedule.name}`);
      });
    }
    expect(checked.length, 'no schedule was declared, so nothing was checked').toBeGreaterThan(0);
    expect(checked).toContain('accounting/daily-close');
  });
});

describe('a throwaway stage that uploads dashboards', () => {
  const web = mkdtempSync(join(tmpdir(), 'ates-web-'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>aTES</title>');
  const sandbox = synthAtes({ stage: 'sandbox', retainData: 'false' }, { webContentDir: web });

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

  it('has no unacknowledged cdk-nag finding, CDK upload helpers included', () => {
    sandbox.web.resourceCountIs('Custom::CDKBucketDeployment', 1);
    expect(nagFindingsOf(sandbox.app)).toStrictEqual([]);
  });
});
