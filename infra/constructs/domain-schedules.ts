import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { FunctionSizing, ScheduleDeclaration } from '#shared/declaration';
import { DeadLetterQueue } from './dead-letter-queue';
import { DomainFunction, type DomainFunctionContext } from './domain-function';

export interface DomainSchedulesProps extends DomainFunctionContext {
  readonly declarations: readonly ScheduleDeclaration[];
  /** The business time zone: a daily close at 18:00 means 18:00 there, summer or winter. */
  readonly timezone: string;
  /** Full expressions (`cron(...)`) that replace a declared cron, by schedule name. */
  readonly cronOverrides: Readonly<Record<string, string>>;
  readonly sizing?: Readonly<Record<string, FunctionSizing>>;
}

/**
 * The payload the handler gets: a "Scheduled Event", the shape local/scheduler.ts hands the same
 * handler. `time` is the scheduled time, not the clock at invocation, so a retry that lands after
 * midnight still names the day it was meant for.
 */
const scheduledEventInput = (scope: Construct) =>
  scheduler.ScheduleTargetInput.fromObject({
    version: '0',
    id: scheduler.ContextAttribute.executionId,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: Stack.of(scope).account,
    time: scheduler.ContextAttribute.scheduledTime,
    region: Stack.of(scope).region,
    resources: [scheduler.ContextAttribute.scheduleArn],
    detail: {},
  });

/** Each declared schedule: an EventBridge Scheduler schedule invoking its own function. */
export class DomainSchedules extends Construct {
  readonly functions: readonly lambda.Function[];
  readonly schedules: readonly scheduler.Schedule[];
  readonly failures: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: DomainSchedulesProps) {
    super(scope, id);
    this.failures = new DeadLetterQueue(this, 'Failures', {
      purpose: `${props.domain} scheduled runs that could not be invoked`,
    });
    const built = props.declarations.map((declaration) => {
      const fn = new DomainFunction(this, `Function-${declaration.name}`, {
        entry: declaration.handler,
        description: declaration.description,
        environment: props.environment,
        memoryMb: props.sizing?.[declaration.name]?.memoryMb,
        timeoutSeconds: props.sizing?.[declaration.name]?.timeoutSeconds,
        placeholderIfMissing: props.placeholderIfMissing,
      }).function;
      const expression = props.cronOverrides[declaration.name] ?? `cron(${declaration.cron})`;
      const schedule = new scheduler.Schedule(this, `Schedule-${declaration.name}`, {
        description: declaration.description,
        schedule: scheduler.ScheduleExpression.expression(expression, TimeZone.of(props.timezone)),
        target: new LambdaInvoke(fn, {
          input: scheduledEventInput(this),
          retryAttempts: 5,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.failures.queue,
        }),
      });
      return { fn, schedule };
    });
    this.functions = built.map((b) => b.fn);
    this.schedules = built.map((b) => b.schedule);
  }
}
