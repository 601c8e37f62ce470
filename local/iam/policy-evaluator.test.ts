import { describe, expect, it } from 'vitest';
import type { PolicyStatementJson } from '../../infra/function-policies';
import {
  IdentityPolicy,
  UnsupportedPolicyError,
  type AuthorizationRequest,
} from './policy-evaluator';

const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/ates-auth';
const request = (
  action: string,
  resource = TABLE,
  context: AuthorizationRequest['context'] = {},
): AuthorizationRequest => ({ action, resource, context });
const policy = (...statements: PolicyStatementJson[]) => new IdentityPolicy(statements);
const allow = (Action: string[], Resource: string[] = [TABLE]): PolicyStatementJson => ({
  Effect: 'Allow',
  Action,
  Resource,
});

/** AWS's documented logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html */
describe('the local IAM policy evaluator', () => {
  it('denies implicitly what no statement allows', () => {
    const p = policy(allow(['dynamodb:GetItem']));
    expect(p.evaluate(request('dynamodb:GetItem'))).toBe('allowed');
    expect(p.evaluate(request('dynamodb:DeleteItem'))).toBe('implicitly_denied');
    expect(p.evaluate(request('dynamodb:GetItem', `${TABLE}-other`))).toBe('implicitly_denied');
    expect(policy().evaluate(request('dynamodb:GetItem'))).toBe('implicitly_denied');
  });

  it('lets an explicit Deny win over any Allow, in whatever order they come', () => {
    const deny: PolicyStatementJson = {
      Effect: 'Deny',
      Action: ['dynamodb:GetItem'],
      Resource: ['*'],
    };
    expect(policy(allow(['dynamodb:*']), deny).evaluate(request('dynamodb:GetItem'))).toBe(
      'explicitly_denied',
    );
    expect(policy(deny, allow(['dynamodb:*'])).evaluate(request('dynamodb:GetItem'))).toBe(
      'explicitly_denied',
    );
  });

  it('matches wildcards in actions (case-insensitively) and in ARNs (case-sensitively)', () => {
    const p = policy(allow(['dynamodb:Get*', 'events:Put?vents'], [`${TABLE}/index/*`]));
    expect(p.evaluate(request('dynamodb:GetItem', `${TABLE}/index/by-email`))).toBe('allowed');
    expect(p.evaluate(request('DynamoDB:getitem', `${TABLE}/index/by-email`))).toBe('allowed');
    expect(p.evaluate(request('events:PutEvents', `${TABLE}/index/x`))).toBe('allowed');
    expect(p.evaluate(request('events:PutEventss', `${TABLE}/index/x`))).toBe('implicitly_denied');
    // The index grant does not cover the table itself, nor a table whose name differs in case.
    expect(p.evaluate(request('dynamodb:GetItem', TABLE))).toBe('implicitly_denied');
    expect(p.evaluate(request('dynamodb:GetItem', `${TABLE.toUpperCase()}/index/x`))).toBe(
      'implicitly_denied',
    );
    expect(policy(allow(['dynamodb:Query'], ['*'])).evaluate(request('dynamodb:Query'))).toBe(
      'allowed',
    );
    // A dot in a pattern is a dot, not any character.
    expect(
      policy(allow(['ses:SendEmail'], ['arn:aws:ses:a.b'])).evaluate(
        request('ses:SendEmail', 'arn:aws:ses:aXb'),
      ),
    ).toBe('implicitly_denied');
  });

  describe('conditions', () => {
    const sender = policy({
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: ['arn:aws:ses:us-east-1:000000000000:identity/*'],
      Condition: { StringEquals: { 'ses:FromAddress': 'payouts@uberpopug.test' } },
    });
    const identity = 'arn:aws:ses:us-east-1:000000000000:identity/payouts@uberpopug.test';

    it('StringEquals holds for an equal value, fails for another and for a missing key', () => {
      const from = (address?: string) =>
        sender.evaluate(
          request('ses:SendEmail', identity, address ? { 'ses:FromAddress': [address] } : {}),
        );
      expect(from('payouts@uberpopug.test')).toBe('allowed');
      expect(from('PAYOUTS@uberpopug.test')).toBe('implicitly_denied');
      expect(from('ceo@uberpopug.test')).toBe('implicitly_denied');
      expect(from()).toBe('implicitly_denied');
    });

    it('reads condition keys case-insensitively', () => {
      expect(
        sender.evaluate(
          request('ses:SendEmail', identity, { 'SES:fromaddress': ['payouts@uberpopug.test'] }),
        ),
      ).toBe('allowed');
    });

    it('a negated operator holds when the key is missing (IAM: true unless ...IfExists)', () => {
      const p = policy({
        Effect: 'Deny',
        Action: ['events:PutEvents'],
        Resource: ['*'],
        Condition: { StringNotEquals: { 'events:source': 'ates.auth' } },
      });
      expect(p.evaluate(request('events:PutEvents', 'bus'))).toBe('explicitly_denied');
      expect(
        p.evaluate(request('events:PutEvents', 'bus', { 'events:source': ['ates.auth'] })),
      ).toBe('implicitly_denied');
      expect(p.evaluate(request('events:PutEvents', 'bus', { 'events:source': ['ates.x'] }))).toBe(
        'explicitly_denied',
      );
    });

    it('StringLike and StringNotLike take wildcards', () => {
      const like = policy({
        ...allow(['dynamodb:GetItem']),
        Condition: { StringLike: { 'dynamodb:LeadingKeys': 'USER#*' } },
      });
      expect(
        like.evaluate(request('dynamodb:GetItem', TABLE, { 'dynamodb:LeadingKeys': ['USER#1'] })),
      ).toBe('allowed');
      expect(
        like.evaluate(request('dynamodb:GetItem', TABLE, { 'dynamodb:LeadingKeys': ['KEY#1'] })),
      ).toBe('implicitly_denied');
      const unlike = policy({
        ...allow(['dynamodb:GetItem']),
        Condition: { StringNotLike: { 'dynamodb:LeadingKeys': ['KEY*', 'SECRET*'] } },
      });
      expect(
        unlike.evaluate(request('dynamodb:GetItem', TABLE, { 'dynamodb:LeadingKeys': ['USER#1'] })),
      ).toBe('allowed');
      expect(
        unlike.evaluate(
          request('dynamodb:GetItem', TABLE, { 'dynamodb:LeadingKeys': ['SECRET#1'] }),
        ),
      ).toBe('implicitly_denied');
    });

    it('ForAnyValue holds when any value matches, and not when the key is missing', () => {
      const p = policy(allow(['dynamodb:*']), {
        Effect: 'Deny',
        Action: ['dynamodb:BatchGetItem'],
        Resource: [TABLE],
        Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['SIGNING_KEY'] } },
      });
      const leading = (...keys: string[]) =>
        p.evaluate(request('dynamodb:BatchGetItem', TABLE, { 'dynamodb:LeadingKeys': keys }));
      expect(leading('USER#1', 'SIGNING_KEY')).toBe('explicitly_denied');
      expect(leading('USER#1', 'USER#2')).toBe('allowed');
      expect(leading()).toBe('allowed');
      expect(p.evaluate(request('dynamodb:BatchGetItem'))).toBe('allowed');
    });

    it('ForAllValues holds when every value matches, and when the key is missing', () => {
      const p = policy({
        ...allow(['dynamodb:BatchGetItem']),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*', 'TASK#*'] } },
      });
      const leading = (...keys: string[]) =>
        p.evaluate(request('dynamodb:BatchGetItem', TABLE, { 'dynamodb:LeadingKeys': keys }));
      expect(leading('USER#1', 'TASK#2')).toBe('allowed');
      expect(leading('USER#1', 'SIGNING_KEY')).toBe('implicitly_denied');
      expect(leading()).toBe('allowed');
    });

    it('needs every operator and every key of a block to hold; a key s values are alternatives', () => {
      const p = policy({
        ...allow(['events:PutEvents'], ['bus']),
        Condition: {
          StringEquals: {
            'events:source': ['ates.auth', 'ates.tasker'],
            'events:detail-type': 'x',
          },
          StringLike: { 'aws:PrincipalTag/team': 'a*' },
        },
      });
      const put = (source: string, type: string, team: string) =>
        p.evaluate(
          request('events:PutEvents', 'bus', {
            'events:source': [source],
            'events:detail-type': [type],
            'aws:PrincipalTag/team': [team],
          }),
        );
      expect(put('ates.tasker', 'x', 'alpha')).toBe('allowed');
      expect(put('ates.tasker', 'y', 'alpha')).toBe('implicitly_denied');
      expect(put('ates.tasker', 'x', 'beta')).toBe('implicitly_denied');
    });

    it('refuses to judge a single-valued operator on a key with several values', () => {
      expect(() =>
        sender.evaluate(
          request('ses:SendEmail', identity, {
            'ses:FromAddress': ['payouts@uberpopug.test', 'b'],
          }),
        ),
      ).toThrow(UnsupportedPolicyError);
    });
  });

  it.each<[string, object]>([
    ['NotAction', { Effect: 'Allow', NotAction: ['s3:*'], Resource: ['*'] }],
    ['NotResource', { Effect: 'Deny', Action: ['s3:*'], NotResource: ['*'] }],
    ['Principal', { Effect: 'Allow', Principal: '*', Action: ['s3:*'], Resource: ['*'] }],
    ['an unknown effect', { Effect: 'Maybe', Action: ['s3:*'], Resource: ['*'] }],
    ['IfExists', { ...allow(['s3:*']), Condition: { StringEqualsIfExists: { 'aws:x': 'y' } } }],
    ['Null', { ...allow(['s3:*']), Condition: { Null: { 'aws:x': 'true' } } }],
    [
      'a numeric operator',
      { ...allow(['s3:*']), Condition: { NumericLessThan: { 'aws:x': '1' } } },
    ],
    [
      'a negated set operator',
      { ...allow(['s3:*']), Condition: { 'ForAllValues:StringNotEquals': { 'aws:x': 'y' } } },
    ],
    ['a policy variable', allow(['s3:*'], ['arn:aws:s3:::${aws:username}/*'])],
  ])('fails closed on a shape it does not understand: %s', (_shape, statement) => {
    expect(() => policy(statement as PolicyStatementJson)).toThrow(UnsupportedPolicyError);
  });
});
