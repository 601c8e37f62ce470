import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';
import {
  defineService,
  domainTable,
  SCHEDULE_DELIVERY,
  scheduleExpressionOf,
  type ServiceDeclaration,
} from '#shared/declaration';
import { readConfig, InvalidConfigError } from './config';
import { nagFindingsOf } from './test-support/nag';
import { NPM_SYNTH_CONTEXT, logicalIdOf, synthAtes, synthStage } from './test-support/synth';
import { testApp } from './test-support/test-app';

/**
 * A stand-in Accounting (handler files need not exist: the test build stands placeholders in for
 * them): a GET and a POST route, a consumer and a daily close that both e-mail, so one synth of
 * it shows what routes, schedules and mail senders become. The real declarations' schedules are
 * checked on the stage itself (infra/specs/schedules.spec.ts).
 */
const dir = 'functions/accounting/handlers';
const accounting = defineService({
  domain: 'accounting',
  table: domainTable('ACCOUNTING_TABLE', ['gsi1']),
  routes: {
    dashboard: {
      method: 'GET',
      path: '/accounting/dashboard',
      handler: `${dir}/dashboard.ts`,
      access: ['admin', 'accountant'],
      summary: 'Management earnings per day.',
    },
    closeDay: {
      method: 'POST',
      path: '/accounting/close-day',
      handler: `${dir}/close-day-route.ts`,
      access: ['admin'],
      summary: 'Close a business day.',
    },
  },
  consumer: {
    handler: `${dir}/on-event.ts`,
    subscriptions: [{ source: 'tasker', events: ['task.completed'] }],
    batchSize: 10,
    maxConcurrency: 2,
    maxReceiveCount: 3,
  },
  schedules: [
    {
      name: 'close-day',
      cron: '0 17 * * ? *',
      handler: `${dir}/close-day.ts`,
      description: 'Close the business day: pay out positive balances.',
    },
  ],
  mail: { senders: ['consumer', 'close-day'] },
});

const withAccounting = (service: ServiceDeclaration) => [
  ...SERVICES.filter((s) => s.domain !== 'accounting'),
  service,
];

describe('a stage with a mailing, closing accounting', () => {
  const timezone = 'Europe/Berlin';
  const ates = synthAtes({ timezone }, { services: withAccounting(accounting) });
  const stack = ates.domains.find((d) => d.declaration.domain === 'accounting')!;
  const { template, service } = stack;
  const schedules = service.schedules!;
  const statementsOf = (roleId: string) =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown }[]);

  it('runs every declared schedule on the expression of its declaration, the one local runs', () => {
    const declared = ates.domains.flatMap((d) =>
      (d.declaration.schedules ?? []).map((schedule) => ({ schedule, template: d.template })),
    );
    expect(declared.length).toBeGreaterThan(0);
    for (const { schedule, template } of declared) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: scheduleExpressionOf(schedule),
        ScheduleExpressionTimezone: timezone,
      });
    }
    const deployed = Object.values(template.findResources('AWS::Scheduler::Schedule')).map(
      (s) => s.Properties.ScheduleExpression,
    );
    expect(deployed).toStrictEqual(['cron(0 17 * * ? *)']);
  });

  it('runs its schedule enabled, and hands the handler the scheduled-event shape the local scheduler uses', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: scheduleExpressionOf(accounting.schedules[0]),
      ScheduleExpressionTimezone: timezone,
      State: 'ENABLED',
    });
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]!;
    const input = JSON.stringify(schedule.Properties.Target.Input);
    expect(input).toContain('Scheduled Event');
    expect(input).toContain('<aws.scheduler.scheduled-time>');
  });

  it('dead-letters an invocation Scheduler cannot make, after its retries', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: {
        Arn: { 'Fn::GetAtt': [logicalIdOf(schedules.functions[0]!), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(schedules.failures.queue), 'Arn'] } },
        RetryPolicy: {
          MaximumRetryAttempts: SCHEDULE_DELIVERY.invokeRetryAttempts,
          MaximumEventAgeInSeconds: SCHEDULE_DELIVERY.maxEventAgeSeconds,
        },
      },
    });
  });

  it('sends a run whose handler throws to its own dead-letter queue, alarmed, after Lambda retries', () => {
    const fn = schedules.functions[0]!;
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(fn) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: SCHEDULE_DELIVERY.runRetryAttempts,
      MaximumEventAgeInSeconds: SCHEDULE_DELIVERY.maxEventAgeSeconds,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalIdOf(schedules.runFailures.queue), 'Arn'] },
        },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(schedules.runFailures.queue), 'QueueName'] },
        },
      ],
      Threshold: 0,
    });
    // The function may write the failed run into that queue.
    const sends = statementsOf(logicalIdOf(fn.role!)).filter((s) =>
      JSON.stringify(s.Action).includes('sqs:SendMessage'),
    );
    expect(JSON.stringify(sends)).toContain(logicalIdOf(schedules.runFailures.queue));
  });

  it('gives the sender identity to the domain that declares mail, and SendEmail to its senders only', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: ates.config.senderEmail,
    });
    for (const other of ates.domains.filter((d) => d !== stack)) {
      other.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    }
    const senderRoles = [service.consumer!.function.role!, schedules.functions[0]!.role!];
    const sesRoles = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('ses:SendEmail'))
      .flatMap((p) => p.Properties.Roles);
    expect(sesRoles).toHaveLength(senderRoles.length);
    expect(sesRoles).toStrictEqual(
      expect.arrayContaining(senderRoles.map((role) => ({ Ref: logicalIdOf(role) }))),
    );
    for (const role of senderRoles) {
      const sends = statementsOf(logicalIdOf(role)).filter((s) => s.Action === 'ses:SendEmail');
      expect(sends).toStrictEqual([
        {
          Action: 'ses:SendEmail',
          Effect: 'Allow',
          Resource: expect.objectContaining({
            'Fn::Join': ['', expect.arrayContaining([':identity/*'])],
          }),
          Condition: { StringEquals: { 'ses:FromAddress': ates.config.senderEmail } },
        },
      ]);
    }
  });

  it('lets the GET route only read and the POST route write, neither delete nor scan', () => {
    const actionsOf = (name: string) =>
      statementsOf(logicalIdOf(service.functionsByName.get(name)!.role!)).flatMap((s) =>
        [s.Action].flat(),
      );
    expect(actionsOf('dashboard')).toStrictEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']),
    );
    expect(actionsOf('dashboard')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('dashboard')).not.toContain('dynamodb:UpdateItem');
    expect(actionsOf('closeDay')).toContain('dynamodb:PutItem');
    for (const name of ['dashboard', 'closeDay', 'consumer', 'close-day']) {
      for (const never of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
        expect(actionsOf(name)).not.toContain(never);
      }
    }
  });

  it('runs the consumer at its declared 2 batches at once, and reserves as many', () => {
    const consumer = logicalIdOf(service.consumer!.function);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: consumer },
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(template.toJSON().Resources[consumer].Properties.ReservedConcurrentExecutions).toBe(2);
  });

  it("shares SES's send rate among every sender's instances: the consumer's 2 and the close's 1", () => {
    const consumer = template.toJSON().Resources[logicalIdOf(service.consumer!.function)];
    expect(consumer.Properties.Environment.Variables.ATES_MAIL_INSTANCES).toBe('3');
    const route = (name: string) =>
      synthAtes({}, { services: withAccounting({ ...accounting, mail: { senders: [name] } }) });
    expect(() => route('closeDay')).toThrow(/mail sender closeDay has no concurrency cap/);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    expect(nagFindingsOf(ates.app)).toStrictEqual([]);
  });
});

describe('declarations that name no function of theirs', () => {
  it('fail the build, naming the stray name', () => {
    const typo = defineService({ ...accounting, mail: { senders: ['mailer'] } });
    expect(() => synthAtes({}, { services: withAccounting(typo) })).toThrow(
      /accounting names functions it does not declare: mailer/,
    );
  });
});

describe('the LocalStack variant (-c target=localstack)', () => {
  const variant = synthStage(
    { target: 'localstack', stage: 'local' },
    { services: withAccounting(accounting) },
  );

  it('deploys the alarm topic, the bus, the domains and the dashboard, and no API, CloudFront or web stack', () => {
    expect(
      variant.app.node.children
        .filter(Stack.isStack)
        .map((c) => c.node.id)
        .sort(),
    ).toStrictEqual(
      ['accounting', 'alarms', 'analytics', 'auth', 'bus', 'dashboard', 'tasker'].map(
        (part) => `ates-local-${part}`,
      ),
    );
    expect(variant.api).toBeUndefined();
    expect(variant.web).toBeUndefined();
  });

  it('keeps tables with streams, relays, rules, queues and consumers', () => {
    for (const { template, service, declaration } of variant.domains) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalIdOf(service.relay.function) },
      });
      if (declaration.consumer) {
        template.resourceCountIs('AWS::Events::Rule', declaration.consumer.subscriptions.length);
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: logicalIdOf(service.consumer!.function) },
          EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(service.consumer!.queue), 'Arn'] },
        });
      }
    }
    variant.bus.resourceCountIs('AWS::Events::EventBus', 1);
  });

  it('leaves out what the free edition does not run: HTTP API, Scheduler, archive, schemas, SES identity', () => {
    const absent = [
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::Route',
      'AWS::CloudFront::Distribution',
      'AWS::Scheduler::Schedule',
      'AWS::Events::Archive',
      'AWS::EventSchemas::Registry',
      'AWS::EventSchemas::Schema',
      'AWS::SES::EmailIdentity',
    ];
    for (const template of [variant.bus, ...variant.domains.map((d) => d.template)]) {
      for (const type of absent) template.resourceCountIs(type, 0);
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
        expect(fn.Properties.Environment.Variables).not.toHaveProperty('ATES_JWKS_URL');
      }
    }
  });

  it('has no unacknowledged cdk-nag finding either', () => {
    expect(nagFindingsOf(variant.app)).toStrictEqual([]);
  });
});

describe('CDK context', () => {
  const configOf = (context: Record<string, unknown>) =>
    readConfig(testApp({ context: { ...NPM_SYNTH_CONTEXT, ...context } }).node);

  it('refuses closeDayCron: a schedule runs on its declared cron only', () => {
    expect(() => configOf({ closeDayCron: 'cron(0 18 ? * MON-FRI *)' })).toThrow(
      InvalidConfigError,
    );
  });

  it('knows the targets aws (default) and localstack, and no other', () => {
    expect(configOf({}).target).toBe('aws');
    expect(configOf({ target: 'localstack' }).target).toBe('localstack');
    expect(() => configOf({ target: 'azure' })).toThrow(/target "azure"/);
  });

  it('can leave reserved concurrency out for an account with a new account quota', () => {
    expect(configOf({}).reservedConcurrency).toBe(true);
    expect(configOf({ reservedConcurrency: 'false' }).reservedConcurrency).toBe(false);
  });
});
