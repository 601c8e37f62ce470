import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RELAY_MAX_RECORD_AGE_HOURS } from '#shared/outbox/delivery';
import { OUTBOX_RECORD_TYPE } from '#shared/outbox/row';
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
        expect(props.GlobalSecondaryIndexes ?? []).toStrictEqual(
          table.indexes.map((index) => ({
            IndexName: index,
            KeySchema: [
              { AttributeName: `${index}pk`, KeyType: 'HASH' },
              { AttributeName: `${index}sk`, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        );
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

      it('feeds only outbox inserts to the relay, retrying a failed batch whole until published', () => {
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(service.table), 'StreamArn'] },
          FunctionName: { Ref: logicalIdOf(service.relay.function) },
          StartingPosition: 'TRIM_HORIZON',
          BisectBatchOnFunctionError: false,
          // The relay throws a batch it cannot publish; it reports no partial failures.
          FunctionResponseTypes: Match.absent(),
          MaximumRetryAttempts: -1,
          MaximumRecordAgeInSeconds: RELAY_MAX_RECORD_AGE_HOURS * 3600,
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
    },
  );
}
