import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_RETENTION_DAYS, MARKER_RETENTION_DAYS } from '#shared/consumer/replay-window';
import {
  OUTBOX_RETENTION_DAYS,
  POINTER_RETENTION_DAYS,
  RELAY_MAX_RECORD_AGE_HOURS,
  STREAM_RETENTION_HOURS,
} from '#shared/outbox/delivery';
import { RELAY_RESERVED_CONCURRENCY, STAGE_RESERVATION_BUDGET } from '../concurrency';
import { ITERATOR_AGE_ALARM_MINUTES } from '../constructs/outbox-relay';
import { ACCESS_LOG_FIELDS } from '../stacks/api-stack';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

const DAY_SECONDS = 24 * 60 * 60;

/** Issue 10: the pipe under the money never drops, double-applies or silently parks an event. */
export function deliveryGuaranteeSpecs(ates: SynthesizedAtes) {
  describe('the outbox relay cannot lose a row', () => {
    it('gives a record up only hours before the stream forgets it, and keeps the row longer than any pointer to it', () => {
      expect(RELAY_MAX_RECORD_AGE_HOURS).toBeLessThan(STREAM_RETENTION_HOURS);
      expect(OUTBOX_RETENTION_DAYS * 24).toBeGreaterThanOrEqual(
        POINTER_RETENTION_DAYS * 24 + STREAM_RETENTION_HOURS,
      );
    });

    it.each(ates.domains.map((d) => [d.declaration.domain, d] as const))(
      "%s's relay: pointers kept 14 days, alarms on errors and on iterator age, reserved concurrency",
      (_domain, { template, service }) => {
        const relay = service.relay;
        template.hasResourceProperties('AWS::SQS::Queue', {
          MessageRetentionPeriod: POINTER_RETENTION_DAYS * DAY_SECONDS,
        });
        expect(
          template.toJSON().Resources[logicalIdOf(relay.failures.queue)].Properties
            .MessageRetentionPeriod,
        ).toBe(POINTER_RETENTION_DAYS * DAY_SECONDS);
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'IteratorAge',
          Namespace: 'AWS/Lambda',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(relay.function) } }],
          Statistic: 'Maximum',
          Threshold: ITERATOR_AGE_ALARM_MINUTES * 60 * 1000,
          ComparisonOperator: 'GreaterThanThreshold',
        });
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(relay.function) } }],
          Threshold: 0,
        });
        template.hasResourceProperties('AWS::Lambda::Function', {
          Description: Match.stringLikeRegexp('outbox rows'),
          ReservedConcurrentExecutions: RELAY_RESERVED_CONCURRENCY,
        });
      },
    );
  });

  describe('replays from the archive', () => {
    it('archive for as long as consumers remember what they applied, and not a day longer', () => {
      ates.bus.hasResourceProperties('AWS::Events::Archive', {
        RetentionDays: ARCHIVE_RETENTION_DAYS,
      });
      expect(MARKER_RETENTION_DAYS).toBeGreaterThan(ARCHIVE_RETENTION_DAYS);
    });
  });

  describe('concurrency: a burst of logins cannot starve relays and consumers', () => {
    const reservationsOf = (d: SynthesizedAtes['domains'][number]) =>
      Object.values(d.template.findResources('AWS::Lambda::Function')).map(
        (fn) => fn.Properties.ReservedConcurrentExecutions as number | undefined,
      );

    it.each(
      ates.domains.filter((d) => d.service.consumer).map((d) => [d.declaration.domain, d] as const),
    )(
      "%s's consumer runs at most its declared batches at once, and has as many reserved",
      (_domain, { template, service, declaration }) => {
        const consumer = service.consumer!;
        const declared = declaration.consumer!.maxConcurrency;
        const resources = template.toJSON().Resources;
        expect(
          resources[logicalIdOf(consumer.function)].Properties.ReservedConcurrentExecutions,
        ).toBe(declared);
        const mappings = Object.values(
          template.findResources('AWS::Lambda::EventSourceMapping', {
            Properties: { FunctionName: { Ref: logicalIdOf(consumer.function) } },
          }),
        );
        expect(mappings.map((m) => m.Properties.ScalingConfig)).toStrictEqual([
          { MaximumConcurrency: declared },
        ]);
      },
    );

    it("shares SES's send rate among as many instances as Accounting's consumer may run", () => {
      const accounting = ates.domains.find((d) => d.declaration.domain === 'accounting')!;
      const consumer = accounting.service.consumer!;
      expect(
        accounting.template.toJSON().Resources[logicalIdOf(consumer.function)].Properties
          .Environment.Variables.ATES_MAIL_INSTANCES,
      ).toBe(String(accounting.declaration.consumer!.maxConcurrency));
    });

    it('caps every function the declarations size with a reservation, login first', () => {
      const auth = ates.domains.find((d) => d.declaration.domain === 'auth')!;
      const login = auth.service.routeFunctions.get('login')!;
      const declared = auth.declaration.sizing?.login?.reservedConcurrency;
      expect(declared).toBeGreaterThan(0);
      expect(
        auth.template.toJSON().Resources[logicalIdOf(login)].Properties
          .ReservedConcurrentExecutions,
      ).toBe(declared);
      for (const { declaration, service, template } of ates.domains) {
        for (const [name, fn] of service.functionsByName) {
          const sizing = declaration.sizing?.[name];
          if (!sizing?.reservedConcurrency) continue;
          expect(
            template.toJSON().Resources[logicalIdOf(fn)].Properties.ReservedConcurrentExecutions,
          ).toBe(sizing.reservedConcurrency);
        }
      }
    });

    it(`reserves at most ${STAGE_RESERVATION_BUDGET} executions for the whole stage`, () => {
      const total = ates.domains
        .flatMap(reservationsOf)
        .reduce<number>((sum, reserved) => sum + (reserved ?? 0), 0);
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(STAGE_RESERVATION_BUDGET);
    });
  });

  describe('HTTP API access logs', () => {
    it('are one JSON object per request with route, status, latency and integration error', () => {
      const stage = Object.values(ates.api.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
      const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
      expect(format).toStrictEqual(ACCESS_LOG_FIELDS);
      expect(format).toMatchObject({
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLatency: '$context.responseLatency',
        integrationErrorMessage: '$context.integrationErrorMessage',
      });
    });
  });
}
