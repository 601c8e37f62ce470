import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { sourceOf } from '#events';
import { RELAY_HANDLER, type FunctionSizing } from '#shared/declaration';
import { OUTBOX_RECORD_TYPE } from '#shared/outbox/row';
import { DeadLetterQueue } from './dead-letter-queue';
import { DomainFunction, type DomainFunctionContext } from './domain-function';

export interface OutboxRelayProps extends DomainFunctionContext {
  readonly table: dynamodb.Table;
  readonly bus: events.IEventBus;
  readonly sizing?: FunctionSizing;
}

/** A stream batch is up to 100 rows: ten PutEvents calls, each retried with backoff. */
const RELAY_TIMEOUT_SECONDS = 30;

/**
 * Publishes the domain's outbox rows: the table's stream feeds the shared relay handler, which
 * may put events on the bus only with the domain's own `source`.
 */
export class OutboxRelay extends Construct {
  readonly function: lambda.Function;
  readonly failures: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    const source = sourceOf(props.domain);
    this.function = new DomainFunction(this, 'Relay', {
      entry: RELAY_HANDLER,
      description: `Publishes ${props.domain}'s outbox rows to the bus as ${source}`,
      environment: props.environment,
      memoryMb: props.sizing?.memoryMb,
      timeoutSeconds: props.sizing?.timeoutSeconds ?? RELAY_TIMEOUT_SECONDS,
      placeholderIfMissing: props.placeholderIfMissing,
    }).function;

    this.failures = new DeadLetterQueue(this, 'Failures', {
      purpose: `${props.domain} outbox rows the relay could not publish after every retry`,
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        // A poison row is isolated by halving the batch instead of blocking the shard...
        bisectBatchOnError: true,
        // ...and the handler names the first row it could not publish, so the rest retry from it.
        reportBatchItemFailures: true,
        retryAttempts: 10,
        // What still fails is kept (the stream itself forgets after 24 hours) for a redrive.
        onFailure: new SqsDlq(this.failures.queue),
        // Only outbox INSERTs wake the relay; state rows and TTL deletions are not events.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: {
              NewImage: { record_type: { S: lambda.FilterRule.isEqual(OUTBOX_RECORD_TYPE) } },
            },
          }),
        ],
      }),
    );

    // Identity side: the relay may put events on this bus, and only with its own source.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [props.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': source } },
      }),
    );
    // Bus side: even if someone later widens this role, the bus refuses any other source from it.
    // Lives in the domain's stack (it names the domain's role), so the bus stack depends on nothing.
    const statementId = `${props.domain}-puts-only-${props.domain}-events`;
    new events.CfnEventBusPolicy(this, 'OwnSourceOnly', {
      eventBusName: props.bus.eventBusName,
      statementId,
      statement: new iam.PolicyStatement({
        sid: statementId,
        effect: iam.Effect.DENY,
        principals: [new iam.ArnPrincipal(this.function.role!.roleArn)],
        actions: ['events:PutEvents'],
        resources: [props.bus.eventBusArn],
        conditions: { StringNotEquals: { 'events:source': source } },
      }).toStatementJson(),
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams has no resource-level permissions; the stream read itself is scoped to this table.',
    });
  }
}
