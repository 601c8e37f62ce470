import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  awsRulePatternOf,
  consumerConcurrencyOf,
  DEFAULT_BUS,
  rulePatternOf,
  type ConsumerDeclaration,
  type FunctionSizing,
} from '#shared/declaration';
import { handBackStatement } from '../function-policies';
import { DeadLetterQueue } from './dead-letter-queue';
import {
  DEFAULT_TIMEOUT_SECONDS,
  DomainFunction,
  type DomainFunctionContext,
} from './domain-function';

export interface EventConsumerProps extends DomainFunctionContext {
  readonly declaration: ConsumerDeclaration;
  readonly bus: events.IEventBus;
  readonly sizing?: FunctionSizing;
}

/**
 * The domain's side of delivery: one queue that every subscription rule targets, a consumer
 * that reads it in batches, and two dead-letter queues — one for events EventBridge could not
 * deliver, one for messages the consumer kept failing.
 */
export class EventConsumer extends Construct {
  readonly function: lambda.Function;
  readonly queue: sqs.Queue;
  readonly processingDlq: DeadLetterQueue;
  readonly deliveryDlq: DeadLetterQueue;
  readonly rules: readonly events.Rule[];

  constructor(scope: Construct, id: string, props: EventConsumerProps) {
    super(scope, id);
    const { declaration, domain } = props;
    if (props.sizing?.reservedConcurrency !== undefined) {
      throw new Error(
        `${domain}'s consumer is reserved its declared maxConcurrency: declare that instead of sizing.consumer.reservedConcurrency`,
      );
    }
    const maxConcurrency = consumerConcurrencyOf(domain, declaration);
    const timeoutSeconds =
      declaration.timeoutSeconds ?? props.sizing?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    // AWS's advice for Lambda consumers: six times the function timeout, so a message is not
    // handed out again while a slow (or retried) invocation still holds it.
    const visibilitySeconds = timeoutSeconds * 6;
    this.function = new DomainFunction(this, 'Consumer', {
      entry: declaration.handler,
      description: `Handles the events ${domain} subscribes to`,
      // The hand-back never lengthens a visibility past the queue's own (consumer/hand-back.ts).
      environment: {
        ...props.environment,
        ATES_QUEUE_VISIBILITY_SECONDS: String(visibilitySeconds),
      },
      memoryMb: props.sizing?.memoryMb,
      timeoutSeconds,
      // Reserved as many as the mapping may run: AWS advises a maximum concurrency no higher than
      // the reservation, or the mapping is throttled below its own cap.
      reservedConcurrency: maxConcurrency,
      placeholderIfMissing: props.placeholderIfMissing,
    }).function;

    this.processingDlq = new DeadLetterQueue(this, 'ProcessingDlq', {
      purpose: `${domain} events its consumer failed ${declaration.maxReceiveCount} times`,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(visibilitySeconds),
      deadLetterQueue: {
        queue: this.processingDlq.queue,
        maxReceiveCount: declaration.maxReceiveCount,
      },
    });
    // The consumer's own call: a failed message handed back early (infra/function-policies.ts).
    this.function.addToRolePolicy(
      iam.PolicyStatement.fromJson(handBackStatement(this.queue.queueArn)),
    );
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: declaration.batchSize,
        // Batches above ten need a batching window; below it, messages go out as they arrive.
        maxBatchingWindow: declaration.batchSize > 10 ? Duration.seconds(1) : undefined,
        reportBatchItemFailures: true,
        // The domain's own cap (its declaration), which the local queue keeps too.
        maxConcurrency,
      }),
    );

    this.deliveryDlq = new DeadLetterQueue(this, 'DeliveryDlq', {
      purpose: `events EventBridge could not deliver to ${domain}'s queue`,
    });
    const toQueue = () =>
      new targets.SqsQueue(this.queue, {
        deadLetterQueue: this.deliveryDlq.queue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      });
    const defaultBus = declaration.awsSubscriptions?.length
      ? events.EventBus.fromEventBusName(this, 'DefaultBus', DEFAULT_BUS)
      : undefined;
    this.rules = [
      ...declaration.subscriptions.map(
        (subscription, index) =>
          new events.Rule(this, `Subscription${index}-${subscription.source}`, {
            eventBus: props.bus,
            description: `${subscription.source} events ${domain} subscribes to`,
            // The same object the local bus matches: rulePatternOf is the one place patterns are made.
            eventPattern: rulePatternOf(subscription) as events.EventPattern,
            targets: [toQueue()],
          }),
      ),
      // AWS's own events (SES's bounces) arrive on the default bus only: a rule there.
      ...(declaration.awsSubscriptions ?? []).map(
        (subscription, index) =>
          new events.Rule(this, `AwsSubscription${index}-${subscription.source}`, {
            eventBus: defaultBus,
            description: `${subscription.source} events ${domain} subscribes to (default bus)`,
            eventPattern: awsRulePatternOf(subscription) as events.EventPattern,
            targets: [toQueue()],
          }),
      ),
    ];
  }
}
