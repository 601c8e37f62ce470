import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SIGNING_KEY_PK } from '../../functions/auth/store/keys';
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
  /** The statements of the identity policies attached to one function's role. */
  const statementsOfFunction = (template: Template, fn: lambda.Function): Statement[] =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        JSON.stringify(policy.Properties.Roles).includes(`"${logicalIdOf(fn.role!)}"`),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  const allowedActionsOf = (template: Template, fn: lambda.Function) =>
    statementsOfFunction(template, fn)
      .filter((s) => s.Effect === 'Allow')
      .flatMap(actionsOf);
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

    it('lets only the functions a domain declares as mail senders send e-mail, as the sender', () => {
      for (const { declaration, template, service } of ates.domains) {
        const senders = new Set(declaration.mail?.senders ?? []);
        for (const [name, fn] of service.functionsByName) {
          const sends = statementsOfFunction(template, fn).filter((s) =>
            actionsOf(s).some((a) => a.startsWith('ses:')),
          );
          expect(sends.length > 0, `${declaration.domain}/${name} sends e-mail`).toBe(
            senders.has(name),
          );
          // SendEmail only as the sender; GetAccount (the send rate to pace to) reads nothing else.
          expect(sends.flatMap(actionsOf).sort(), `${declaration.domain}/${name}`).toStrictEqual(
            sends.length > 0 ? ['ses:GetAccount', 'ses:SendEmail'] : [],
          );
          for (const statement of sends.filter((s) => actionsOf(s).includes('ses:SendEmail'))) {
            expect(actionsOf(statement)).toStrictEqual(['ses:SendEmail']);
            expect(statement.Condition).toStrictEqual({
              StringEquals: { 'ses:FromAddress': ates.config.senderEmail },
            });
          }
        }
        expect(
          statementsOfFunction(template, service.relay.function).some((s) =>
            actionsOf(s).some((a) => a.startsWith('ses:')),
          ),
        ).toBe(false);
      }
    });

    it.each(
      ates.domains
        .filter((d) => d.service.functionsByName.size > 0)
        .map((d) => [d.declaration.domain, d] as const),
    )(
      '%s: GET routes only read; nobody scans or batch-writes; only declared deleters delete',
      (_domain, { declaration, template, service }) => {
        const deleters = declaration.tableAccess?.deleters ?? [];
        for (const [name, fn] of service.functionsByName) {
          const actions = allowedActionsOf(template, fn).filter((a) => a.startsWith('dynamodb:'));
          expect(actions).toStrictEqual(
            expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
          );
          for (const never of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
            expect(actions, `${name} may ${never}`).not.toContain(never);
          }
          expect(actions.includes('dynamodb:DeleteItem'), `${name} may delete`).toBe(
            deleters.includes(name),
          );
          const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
          if (declaration.routes[name]?.method === 'GET') {
            for (const write of writes)
              expect(actions, `GET ${name} may write`).not.toContain(write);
          } else {
            expect(actions).toContain('dynamodb:PutItem');
          }
        }
        // The relay reads the stream and nothing of the table itself.
        const relayActions = allowedActionsOf(template, service.relay.function);
        for (const item of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']) {
          expect(relayActions).not.toContain(item);
        }
      },
    );

    it("keeps Auth's private signing keys from every function but the ones that sign (not the JWKS)", () => {
      const auth = ates.domains.find((d) => d.declaration.domain === 'auth')!;
      const allowed = ['login', 'refresh'];
      expect(auth.service.functionsByName.has('jwks')).toBe(true);
      const denies = (fn: lambda.Function) =>
        statementsOfFunction(auth.template, fn).filter(
          (s) =>
            s.Effect === 'Deny' &&
            JSON.stringify(s.Condition) ===
              JSON.stringify({
                'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [SIGNING_KEY_PK] },
              }),
        );
      expect(auth.service.functionsByName.size).toBeGreaterThan(allowed.length);
      for (const [name, fn] of auth.service.functionsByName) {
        const deny = denies(fn);
        if (allowed.includes(name)) {
          expect(deny, `${name} is denied the keys`).toHaveLength(0);
          continue;
        }
        expect(deny, `${name} can read the keys`).toHaveLength(1);
        expect(actionsOf(deny[0]!)).toStrictEqual(
          expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem']),
        );
        expect(deny[0]!.Resource).toStrictEqual({
          'Fn::GetAtt': [logicalIdOf(auth.service.table), 'Arn'],
        });
      }
    });
  });
}
