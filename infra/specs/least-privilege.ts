import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

export function leastPrivilegeSpecs(ates: SynthesizedAtes) {
  interface Statement {
    Effect: string;
    Action: string | string[];
    Resource: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  }

  /** Every statement of every identity policy in a template. */
  const statementsOf = (template: Template): Statement[] =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
  const actionsOf = (s: Statement) => [s.Action].flat();
  const allTemplates = [ates.bus, ates.api, ates.web, ...ates.domains.map((d) => d.template)];

  describe('least privilege', () => {
    it('never grants every action, nor every DynamoDB or EventBridge action', () => {
      for (const template of allTemplates) {
        for (const statement of statementsOf(template)) {
          for (const action of actionsOf(statement)) {
            expect(['*', 'dynamodb:*', 'events:*']).not.toContain(action);
          }
        }
      }
    });

    it.each(ates.domains.map((d) => [d.declaration.domain, d] as const))(
      '%s functions touch only their own table',
      (_domain, { template, service }) => {
        const ownTable = logicalIdOf(service.table);
        const dynamo = statementsOf(template).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('dynamodb:')),
        );
        expect(dynamo.length).toBeGreaterThan(0);
        for (const statement of dynamo) {
          const resources = [statement.Resource].flat();
          for (const resource of resources) {
            if (resource === '*') {
              // ListStreams has no resource-level permission; it reveals stream ARNs, no data.
              expect(actionsOf(statement)).toStrictEqual(['dynamodb:ListStreams']);
              continue;
            }
            const text = JSON.stringify(resource);
            expect(text).toContain(`"${ownTable}"`);
            expect(text).not.toContain('ImportValue');
          }
        }
      },
    );

    it('has no events:PutEvents without an events:source condition, anywhere', () => {
      for (const template of allTemplates) {
        for (const statement of statementsOf(template)) {
          if (!actionsOf(statement).includes('events:PutEvents')) continue;
          expect(statement.Condition?.StringEquals?.['events:source']).toMatch(/^ates\.[a-z]+$/);
        }
      }
    });

    it.each(ates.domains.map((d) => [d.declaration.domain, d] as const))(
      '%s may put only its own events, and only its relay may put at all',
      (domain, { template, service }) => {
        const puts = statementsOf(template).filter((s) =>
          actionsOf(s).includes('events:PutEvents'),
        );
        expect(puts).toHaveLength(1);
        expect(puts[0]!.Condition).toStrictEqual({
          StringEquals: { 'events:source': `ates.${domain}` },
        });
        const relayPolicy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
          JSON.stringify(p.Properties.PolicyDocument).includes('events:PutEvents'),
        )!;
        expect(relayPolicy.Properties.Roles).toStrictEqual([
          { Ref: logicalIdOf(service.relay.function.role!) },
        ]);
        // The bus refuses any other source from the relay's role, whatever the role is granted.
        template.hasResourceProperties('AWS::Events::EventBusPolicy', {
          Statement: {
            Effect: 'Deny',
            Action: 'events:PutEvents',
            Principal: {
              AWS: { 'Fn::GetAtt': [logicalIdOf(service.relay.function.role!), 'Arn'] },
            },
            Condition: { StringNotEquals: { 'events:source': `ates.${domain}` } },
          },
        });
      },
    );

    it('lets only the mailing domain send e-mail', () => {
      for (const { declaration, template } of ates.domains) {
        const sends = statementsOf(template).some((s) =>
          actionsOf(s).some((a) => a.startsWith('ses:')),
        );
        const mails = declaration.domain === 'accounting' && Boolean(declaration.consumer);
        expect(sends).toBe(mails);
      }
    });
  });
}
