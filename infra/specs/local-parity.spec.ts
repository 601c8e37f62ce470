import { describe, expect, it } from 'vitest';
import { DEFAULT_BUS } from '#shared/declaration';
import { SERVICES } from '../../functions/services';
import { rulesOf } from '../../local/eventbridge/local-bus';
import { silentLog } from '../../local/cloud/log';
import { HandlerLoader } from '../../local/lambda/handler-loader';
import { createQueues } from '../../local/sqs/cloud-queues';
import { DeadLetterStore } from '../../local/sqs/dead-letters';
import { functionPoliciesOf, RELAY_FUNCTION } from '../function-policies';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

/**
 * Statements the platform uses a function's role for, never the function's own code: the event
 * source mappings read the stream and the queue, the relay's mapping sends its failure pointers,
 * Lambda's X-Ray daemon sends the traces of active tracing. The local cloud does that work itself
 * (or, for traces, none), so it evaluates none of these.
 */
const PLATFORM_ACTIONS = new Set([
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueUrl',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:SendMessage',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

interface TemplateStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/**
 * The local cloud routes events with rules it builds itself (local/eventbridge/local-bus.ts); AWS routes them with
 * the rules synthesized here. Both must be the same rules, domain by domain, or a test that
 * passes locally says nothing about the deployed system.
 */
export function localParitySpecs(ates: SynthesizedAtes) {
  describe('local and deployed event routing', () => {
    it('has the same rules, with the same patterns, targeting the same domains', () => {
      const deployed = ates.domains.flatMap(({ declaration, template }) =>
        Object.values(template.findResources('AWS::Events::Rule')).map((rule) => ({
          domain: declaration.domain as string,
          // aTES's bus is imported from its stack; the default bus is named.
          bus: rule.Properties.EventBusName === DEFAULT_BUS ? DEFAULT_BUS : 'ates',
          pattern: rule.Properties.EventPattern as object,
        })),
      );
      const local = rulesOf(SERVICES).map((rule) => ({
        domain: rule.domain,
        bus: rule.bus,
        pattern: rule.pattern,
      }));
      const sorted = (rules: { domain: string; bus: string; pattern: object }[]) =>
        rules.map((r) => JSON.stringify(r)).sort();
      expect(local.length).toBeGreaterThan(0);
      expect(sorted(deployed)).toStrictEqual(sorted(local));
    });
  });

  describe('what the bench prices', () => {
    // bench/lib/prices.ts bills Lambda's duration at Arm's price per GB-second.
    it.each(ates.domains.map((d) => [d.declaration.domain, d.template] as const))(
      'every function of %s runs on Arm',
      (_domain, template) => {
        const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
        expect(functions.length).toBeGreaterThan(0);
        for (const [id, fn] of functions)
          expect({ id, architectures: fn.Properties.Architectures }).toStrictEqual({
            id,
            architectures: ['arm64'],
          });
      },
    );
  });

  describe('local and deployed consumer queues', () => {
    const localQueues = createQueues(SERVICES, {
      region: 'us-east-1',
      handlers: new HandlerLoader('.'),
      deadLetters: new DeadLetterStore(),
      log: silentLog,
    });
    it.each(
      ates.domains.filter((d) => d.service.consumer).map((d) => [d.declaration.domain, d] as const),
    )(
      '%s: the local queue hands out batches as the deployed mapping does, as many at once and as large',
      (domain, { template, service }) => {
        const consumer = service.consumer!;
        const mapping = Object.values(
          template.findResources('AWS::Lambda::EventSourceMapping', {
            Properties: { FunctionName: { Ref: logicalIdOf(consumer.function) } },
          }),
        )[0]!.Properties;
        const queue = template.toJSON().Resources[logicalIdOf(consumer.queue)].Properties;
        const local = localQueues.get(domain)!.options;
        expect({
          batchSize: local.batchSize,
          maxConcurrency: local.maxConcurrency,
          visibilityTimeoutSeconds: local.visibilityTimeoutMs / 1000,
        }).toStrictEqual({
          batchSize: mapping.BatchSize,
          maxConcurrency: mapping.ScalingConfig.MaximumConcurrency,
          visibilityTimeoutSeconds: queue.VisibilityTimeout,
        });
      },
    );
  });
}

/**
 * The local cloud enforces infra/function-policies.ts (local/iam); AWS enforces what CDK
 * synthesized. They must be the same statements, function by function: every statement of a
 * role is either one of the declared ones or the platform's, and every declared one is there.
 */
export function localPolicyParitySpecs(ates: SynthesizedAtes) {
  describe('local and deployed IAM policies', () => {
    it.each(ates.domains.map((d) => [d.declaration.domain, d] as const))(
      "%s: each role holds exactly the statements the local cloud enforces, besides the platform's",
      (_domain, { declaration, template, service }) => {
        const table = logicalIdOf(service.table);
        const bus = logicalIdOf(ates.built.bus.bus);
        const queue = service.consumer && logicalIdOf(service.consumer.queue);
        // The template's ARNs, written as the placeholders the declared statements are built with.
        const placeholder = (resource: unknown): unknown => {
          const text = JSON.stringify(resource);
          if (text === JSON.stringify({ 'Fn::GetAtt': [table, 'Arn'] })) return 'TABLE';
          if (
            text ===
            JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/*']] })
          )
            return 'TABLE/index/*';
          if (text.includes(':identity/*')) return 'SES';
          if (text.includes(':configuration-set/')) return 'SES_SET';
          if (queue && text === JSON.stringify({ 'Fn::GetAtt': [queue, 'Arn'] })) return 'QUEUE';
          if (text.includes(`ExportsOutputFnGetAtt${bus}Arn`)) return 'BUS';
          return resource;
        };
        const declared = functionPoliciesOf(declaration, {
          tableArn: 'TABLE',
          busArn: 'BUS',
          sesIdentitiesArn: 'SES',
          senderEmail: ates.config.senderEmail,
          sesConfigurationSetArn: Object.keys(template.findResources('AWS::SES::ConfigurationSet'))
            .length
            ? 'SES_SET'
            : undefined,
          queueArn: 'QUEUE',
        });
        const functions = new Map(service.functionsByName);
        functions.set(RELAY_FUNCTION, service.relay.function);
        expect([...functions.keys()].sort()).toStrictEqual([...declared.keys()].sort());
        for (const [name, fn] of functions) {
          const role = logicalIdOf(fn.role!);
          const statements = Object.values(template.findResources('AWS::IAM::Policy'))
            .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${role}"`))
            .flatMap((policy) => policy.Properties.PolicyDocument.Statement as TemplateStatement[])
            .map((statement) => ({
              Effect: statement.Effect,
              Action: [statement.Action].flat(),
              Resource: [statement.Resource].flat().map(placeholder),
              ...(statement.Condition ? { Condition: statement.Condition } : {}),
            }));
          const normalize = (list: readonly object[]) => list.map((s) => JSON.stringify(s)).sort();
          // A platform action the function's own code also calls (the consumer's hand-back of
          // ChangeMessageVisibility) is declared: its statement counts as the function's.
          const declaredHere = new Set(normalize(declared.get(name)!));
          const own = statements.filter(
            (s) =>
              !s.Action.every((a) => PLATFORM_ACTIONS.has(a)) ||
              declaredHere.has(JSON.stringify(s)),
          );
          expect(normalize(own), `${declaration.domain}/${name}`).toStrictEqual(
            normalize(declared.get(name)!),
          );
        }
      },
    );
  });
}
