import { describe, expect, it } from 'vitest';
import { RELAY_MAPPING, wakesRelay } from '#shared/outbox/delivery';
import { OUTBOX_RECORD_TYPE } from '#shared/outbox/row';
import { LOCAL_RELAY_MAPPING } from '../../local/dynamodb-streams/cloud-pollers';
import { matchesPattern, type EventPattern } from '../../local/eventbridge/event-pattern';
import { indexOf } from '../../local/dynamodb/tables';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

export function tableSpecs(ates: SynthesizedAtes) {
  describe.each(ates.domains.map((d) => [d.declaration.domain, d] as const))(
    "%s's table and outbox relay",
    (_domain, { declaration, template, service }) => {
      const { table } = declaration;

      it('is the declared table: pk/sk, GSIs, on demand, stream, PITR, TTL', () => {
        template.resourceCountIs('AWS::DynamoDB::Table', 1);
        const props = Object.values(template.findResources('AWS::DynamoDB::Table'))[0]!.Properties;
        expect(props.KeySchema).toStrictEqual([
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ]);
        expect(props.BillingMode).toBe('PAY_PER_REQUEST');
        expect(props.StreamSpecification).toStrictEqual({ StreamViewType: 'NEW_IMAGE' });
        expect(props.PointInTimeRecoverySpecification).toStrictEqual({
          PointInTimeRecoveryEnabled: true,
        });
        expect(props.TimeToLiveSpecification).toStrictEqual({
          AttributeName: table.ttlAttribute,
          Enabled: true,
        });
        // The local cloud creates each index from the same declaration, in the same shape.
        expect(props.GlobalSecondaryIndexes ?? []).toStrictEqual(table.indexes.map(indexOf));
        const strings = (props.AttributeDefinitions as { AttributeType: string }[]).map(
          (a) => a.AttributeType,
        );
        expect(new Set(strings)).toStrictEqual(new Set(['S']));
      });

      it('is kept when the stack goes, unless the stage says otherwise', () => {
        template.hasResource('AWS::DynamoDB::Table', {
          DeletionPolicy: 'Retain',
          Properties: { DeletionProtectionEnabled: true },
        });
      });

      it('feeds only outbox inserts to the relay, which reports failed records; a failing one is retried, then pointed to', () => {
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(service.table), 'StreamArn'] },
          FunctionName: { Ref: logicalIdOf(service.relay.function) },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: RELAY_MAPPING.batchSize,
          BisectBatchOnFunctionError: RELAY_MAPPING.bisectBatchOnError,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          MaximumRetryAttempts: RELAY_MAPPING.retryAttempts,
          MaximumRecordAgeInSeconds: RELAY_MAPPING.maxRecordAgeHours * 3600,
          DestinationConfig: {
            OnFailure: {
              Destination: { 'Fn::GetAtt': [logicalIdOf(service.relay.failures.queue), 'Arn'] },
            },
          },
          FilterCriteria: {
            Filters: [
              {
                Pattern: JSON.stringify({
                  eventName: ['INSERT'],
                  dynamodb: { NewImage: { record_type: { S: [OUTBOX_RECORD_TYPE] } } },
                }),
              },
            ],
          },
        });
      });

      it('filters as the local stream poller does: the deployed pattern and wakesRelay agree', () => {
        const [mapping] = Object.values(
          template.findResources('AWS::Lambda::EventSourceMapping', {
            Properties: { FunctionName: { Ref: logicalIdOf(service.relay.function) } },
          }),
        ).map((resource) => resource.Properties);
        const pattern = JSON.parse(mapping.FilterCriteria.Filters[0].Pattern) as EventPattern;
        const record = (eventName: string, recordType?: string) => ({
          eventName,
          dynamodb: {
            NewImage: { pk: { S: 'x' }, ...(recordType && { record_type: { S: recordType } }) },
          },
        });
        const samples = [
          record('INSERT', OUTBOX_RECORD_TYPE),
          record('MODIFY', OUTBOX_RECORD_TYPE),
          record('REMOVE', OUTBOX_RECORD_TYPE),
          record('INSERT', 'account'),
          record('INSERT'),
        ];
        expect(samples.map((r) => matchesPattern(pattern, r))).toEqual(samples.map(wakesRelay));
        expect(samples.map(wakesRelay)).toEqual([true, false, false, false, false]);
      });

      it('holds the same mapping settings the local stream poller runs by', () => {
        const [mapping] = Object.values(
          template.findResources('AWS::Lambda::EventSourceMapping', {
            Properties: { FunctionName: { Ref: logicalIdOf(service.relay.function) } },
          }),
        ).map((resource) => resource.Properties);
        expect({
          batchSize: mapping.BatchSize,
          bisectBatchOnError: mapping.BisectBatchOnFunctionError,
          reportBatchItemFailures: (mapping.FunctionResponseTypes ?? []).includes(
            'ReportBatchItemFailures',
          ),
          retryAttempts: mapping.MaximumRetryAttempts,
          maxRecordAgeHours: mapping.MaximumRecordAgeInSeconds / 3600,
        }).toStrictEqual({ ...LOCAL_RELAY_MAPPING });
      });
    },
  );
}
