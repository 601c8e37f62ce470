import { Duration, Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import {
  SCHEDULE_DELIVERY,
  scheduleExpressionOf,
  type FunctionSizing,
  type ScheduleDeclaration,
} from '#shared/declaration';
import { DeadLetterQueue } from './dead-letter-queue';
import { DomainFunction, type DomainFunctionContext } from './domain-function';

export interface DomainSchedulesProps extends DomainFunctionContext {
  readonly declarations: readonly ScheduleDeclaration[];
  /** The business time zone: a daily close at 18:00 means 18:00 there, summer or winter. */
  readonly timezone: string;
  readonly sizing?: Readonly<Record<string, FunctionSizing>>;
}

/**
 * The payload the handler gets: a "Scheduled Event", the shape local/eventbridge/scheduler.ts hands the same
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

/**
 * Each declared schedule: an EventBridge Scheduler schedule invoking its own function, on the
 * declared cron (the one the local scheduler runs). Scheduler invokes asynchronously, so two
 * queues catch the two ways a run can fail: `Failures` takes invocations Lambda refused
 * (Scheduler's own dead-letter queue), `RunFailures` takes runs whose handler threw on every
 * try (the function's async on-failure destination). Both alarm on their first message.
 */
export class DomainSchedules extends Construct {
  readonly functions: readonly lambda.Function[];
  readonly schedules: readonly scheduler.Schedule[];
  readonly failures: DeadLetterQueue;
  readonly runFailures: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: DomainSchedulesProps) {
    super(scope, id);
    this.failures = new DeadLetterQueue(this, 'Failures', {
      purpose: `${props.domain} scheduled runs Scheduler could not invoke`,
    });
    this.runFailures = new DeadLetterQueue(this, 'RunFailures', {
      purpose: `${props.domain} scheduled runs whose handler failed ${SCHEDULE_DELIVERY.runRetryAttempts + 1} times`,
    });
    const maxEventAge = Duration.seconds(SCHEDULE_DELIVERY.maxEventAgeSeconds);
    const built = props.declarations.map((declaration) => {
      const sizing = props.sizing?.[declaration.name];
      const fn = new DomainFunction(this, `Function-${declaration.name}`, {
        entry: declaration.handler,
        description: declaration.description,
        environment: props.environment,
        memoryMb: sizing?.memoryMb,
        timeoutSeconds: sizing?.timeoutSeconds,
        reservedConcurrency: sizing?.reservedConcurrency,
        placeholderIfMissing: props.placeholderIfMissing,
      }).function;
      // What Lambda does with a run that throws: retry it, then keep it with its error.
      fn.configureAsyncInvoke({
        retryAttempts: SCHEDULE_DELIVERY.runRetryAttempts,
        maxEventAge,
        onFailure: new SqsDestination(this.runFailures.queue),
      });
      const schedule = new scheduler.Schedule(this, `Schedule-${declaration.name}`, {
        description: declaration.description,
        schedule: scheduler.ScheduleExpression.expression(
          scheduleExpressionOf(declaration),
          TimeZone.of(props.timezone),
        ),
        target: new LambdaInvoke(fn, {
          input: scheduledEventInput(this),
          retryAttempts: SCHEDULE_DELIVERY.invokeRetryAttempts,
          maxEventAge,
          deadLetterQueue: this.failures.queue,
        }),
      });
      // The role CDK makes for Scheduler (one per stack, outside this construct) may invoke the
      // function and its versions (`<arn>:*`): that wildcard is CDK's, and names one function.
      const fnId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
      Validations.of(Stack.of(this)).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
        reason: `Scheduler's role may invoke ${declaration.name}'s function and its versions; no other function.`,
      });
      return { fn, schedule };
    });
    this.functions = built.map((b) => b.fn);
    this.schedules = built.map((b) => b.schedule);
  }
}
