import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { sourceOf } from '#events';
import { RELAY_HANDLER, type FunctionSizing } from '#shared/declaration';
import { POINTER_RETENTION_DAYS, RELAY_FILTER, RELAY_MAPPING } from '#shared/outbox/delivery';
import { RELAY_RESERVED_CONCURRENCY } from '../concurrency';
import { putEventsStatement } from '../function-policies';
import { DeadLetterQueue } from './dead-letter-queue';
import { DomainFunction, type DomainFunctionContext } from './domain-function';

export interface OutboxRelayProps extends DomainFunctionContext {
  readonly table: dynamodb.Table;
  readonly bus: events.IEventBus;
  readonly sizing?: FunctionSizing;
}

/**
 * A stream batch is up to 100 rows: ten PutEvents calls, or up to 980 when the rows are a
 * reshuffle's (98 events each), eight calls at a time (about 6 s at 50 ms a call); refused
 * entries are tried again with backoff while more than RELAY_TIME_RESERVE_MS is left.
 */
const RELAY_TIMEOUT_SECONDS = 30;

/**
 * The relay is behind when its oldest unpublished record is this old. A healthy relay stays
 * under a few seconds; at this age there are still hours before the mapping gives up a record
 * (RELAY_MAX_RECORD_AGE_HOURS) to fix the cause and let the retries get through.
 */
export const ITERATOR_AGE_ALARM_MINUTES = 10;

/**
 * Publishes the domain's outbox rows: the table's stream feeds the shared relay handler, which
 * may put events on the bus only with the domain's own `source`.
 */
export class OutboxRelay extends Construct {
  readonly function: lambda.Function;
  readonly failures: DeadLetterQueue;
  readonly iteratorAgeAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    const source = sourceOf(props.domain);
    this.function = new DomainFunction(this, 'Relay', {
      entry: RELAY_HANDLER,
      description: `Publishes ${props.domain}'s outbox rows to the bus as ${source}`,
      environment: props.environment,
      memoryMb: props.sizing?.memoryMb,
      timeoutSeconds: props.sizing?.timeoutSeconds ?? RELAY_TIMEOUT_SECONDS,
      reservedConcurrency: props.sizing?.reservedConcurrency ?? RELAY_RESERVED_CONCURRENCY,
      placeholderIfMissing: props.placeholderIfMissing,
    }).function;

    this.failures = new DeadLetterQueue(this, 'Failures', {
      purpose: `pointers to ${props.domain} outbox rows the relay gave up (refused for good, or still failing after ${RELAY_MAPPING.retryAttempts} retries or ${RELAY_MAPPING.maxRecordAgeHours} hours): run npm run republish for their time range`,
      retention: Duration.days(POINTER_RETENTION_DAYS),
    });
    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: RELAY_MAPPING.batchSize,
        maxBatchingWindow: Duration.seconds(1),
        // The relay reports the records it could not publish; the mapping retries from the first
        // of them, halves a batch that throws, and after the retries sends a pointer below, so
        // one poison row cannot hold its shard (RELAY_MAPPING says why each number).
        reportBatchItemFailures: RELAY_MAPPING.reportBatchItemFailures,
        bisectBatchOnError: RELAY_MAPPING.bisectBatchOnError,
        retryAttempts: RELAY_MAPPING.retryAttempts,
        // Given up hours before the stream forgets the record (24 h), so Lambda sends the
        // pointer below instead of dropping it in silence (docs/operations.md).
        maxRecordAge: Duration.hours(RELAY_MAPPING.maxRecordAgeHours),
        onFailure: new SqsDlq(this.failures.queue),
        // Only outbox INSERTs wake the relay; state rows and TTL deletions are not events.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual(RELAY_FILTER.eventName),
            dynamodb: {
              NewImage: { record_type: { S: lambda.FilterRule.isEqual(RELAY_FILTER.recordType) } },
            },
          }),
        ],
      }),
    );

    this.iteratorAgeAlarm = new cloudwatch.Alarm(this, 'IteratorAge', {
      alarmDescription: `${props.domain}'s outbox relay is more than ${ITERATOR_AGE_ALARM_MINUTES} minutes behind its table's stream`,
      metric: this.function.metric('IteratorAge', {
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: ITERATOR_AGE_ALARM_MINUTES * 60 * 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Identity side: the relay may put events on this bus, and only with its own source.
    this.function.addToRolePolicy(
      iam.PolicyStatement.fromJson(putEventsStatement(props.bus.eventBusArn, source)),
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
