import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { awsRulePatternOf, DEFAULT_BUS, rulePatternOf } from '#shared/declaration';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

export function deliverySpecs(ates: SynthesizedAtes) {
  const subscribers = ates.domains.filter((d) => d.declaration.consumer);
  const subscriptions = subscribers.flatMap((domain) =>
    domain.declaration.consumer!.subscriptions.map((subscription) => ({ subscription, ...domain })),
  );

  describe('event delivery, built from the declarations', () => {
    it('has one rule per subscription and no other', () => {
      const ruleCount = ates.domains.reduce(
        (sum, d) => sum + Object.keys(d.template.findResources('AWS::Events::Rule')).length,
        0,
      );
      const awsRules = subscribers.flatMap((d) => d.declaration.consumer!.awsSubscriptions ?? []);
      expect(ruleCount).toBe(subscriptions.length + awsRules.length);
    });

    it("sends SES's bounces and complaints from the default bus to Accounting's queue, which its configuration set publishes there", () => {
      const accounting = ates.domains.find((d) => d.declaration.domain === 'accounting')!;
      const [subscription] = accounting.declaration.consumer!.awsSubscriptions!;
      const rules = Object.values(
        accounting.template.findResources('AWS::Events::Rule', {
          Properties: { EventPattern: Match.objectEquals(awsRulePatternOf(subscription!)) },
        }),
      );
      expect(rules.map((rule) => rule.Properties.EventBusName)).toEqual([DEFAULT_BUS]);
      expect(rules[0]!.Properties.Targets).toStrictEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [logicalIdOf(accounting.service.consumer!.queue), 'Arn'] },
        }),
      ]);
      accounting.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['bounce', 'complaint'],
          EventBridgeDestination: {
            EventBusArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
          },
        },
      });
    });

    it.each(
      subscriptions.map(
        (s) =>
          [
            `${s.declaration.domain} <- ${s.subscription.source}: ${s.subscription.events}`,
            s,
          ] as const,
      ),
    )('%s', (_name, { subscription, template, service }) => {
      const consumer = service.consumer!;
      const rules = Object.values(
        template.findResources('AWS::Events::Rule', {
          Properties: { EventPattern: Match.objectEquals(rulePatternOf(subscription)) },
        }),
      );
      expect(rules).toHaveLength(1);
      const rule = rules[0]!.Properties;
      // Exactly the declared pattern: nothing added, nothing left out.
      expect(rule.EventPattern).toStrictEqual(rulePatternOf(subscription));
      expect(rule.EventBusName).toEqual({ 'Fn::ImportValue': expect.stringContaining('Bus') });
      expect(rule.Targets).toStrictEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [logicalIdOf(consumer.queue), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalIdOf(consumer.deliveryDlq.queue), 'Arn'] },
          },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        }),
      ]);
    });

    it.each(subscribers.map((d) => [d.declaration.domain, d] as const))(
      "%s's queue is read in declared batches, with a dead-letter queue after maxReceiveCount",
      (_domain, { declaration, template, service }) => {
        const consumer = service.consumer!;
        const declared = declaration.consumer!;
        template.hasResourceProperties('AWS::SQS::Queue', {
          RedrivePolicy: {
            deadLetterTargetArn: {
              'Fn::GetAtt': [logicalIdOf(consumer.processingDlq.queue), 'Arn'],
            },
            maxReceiveCount: declared.maxReceiveCount,
          },
        });
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(consumer.queue), 'Arn'] },
          FunctionName: { Ref: logicalIdOf(consumer.function) },
          BatchSize: declared.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
      },
    );

    it('alarms on the depth of every dead-letter queue', () => {
      for (const { template } of ates.domains) {
        // Every queue no function reads is a dead-letter queue (consumer, delivery, relay, schedule).
        const read = JSON.stringify(
          Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map(
            (mapping) => mapping.Properties.EventSourceArn,
          ),
        );
        const deadLetterQueues = Object.keys(template.findResources('AWS::SQS::Queue')).filter(
          (id) => !read.includes(`"${id}"`),
        );
        expect(deadLetterQueues.length).toBeGreaterThan(0);
        for (const id of deadLetterQueues) {
          template.hasResourceProperties('AWS::CloudWatch::Alarm', {
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
          });
        }
      }
    });

    it('alarms on the errors of every function', () => {
      for (const { template } of ates.domains) {
        for (const id of Object.keys(template.findResources('AWS::Lambda::Function'))) {
          template.hasResourceProperties('AWS::CloudWatch::Alarm', {
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
          });
        }
      }
    });
  });
}
