import { describe, expect, it } from 'vitest';
import { rulePatternOf } from '#shared/declaration';
import { compilePattern, matchesPattern, UnsupportedPatternError } from './event-pattern';

const event = (detail: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e1',
  source: 'ates.tasker',
  'detail-type': 'task.created',
  account: '000000000000',
  time: '2026-01-02T03:04:05Z',
  region: 'us-east-1',
  resources: [],
  detail,
  ...top,
});

describe('event patterns: exact values', () => {
  it('matches any value of the list, every field (AND), strings case-sensitively', () => {
    const pattern = { source: ['ates.auth', 'ates.tasker'], 'detail-type': ['task.created'] };
    expect(matchesPattern(pattern, event({}))).toBe(true);
    expect(matchesPattern(pattern, event({}, { source: 'ates.accounting' }))).toBe(false);
    expect(matchesPattern(pattern, event({}, { 'detail-type': 'Task.Created' }))).toBe(false);
  });

  it('needs every pattern field to be present in the event', () => {
    expect(matchesPattern({ detail: { state: ['open'] } }, event({}))).toBe(false);
  });

  it('matches numbers, booleans and null by value, and keeps null apart from ""', () => {
    expect(matchesPattern({ detail: { n: [5] } }, event({ n: 5.0 }))).toBe(true);
    expect(matchesPattern({ detail: { n: [5] } }, event({ n: '5' }))).toBe(false);
    expect(matchesPattern({ detail: { ok: [true] } }, event({ ok: true }))).toBe(true);
    expect(matchesPattern({ detail: { v: [null] } }, event({ v: null }))).toBe(true);
    expect(matchesPattern({ detail: { v: [''] } }, event({ v: null }))).toBe(false);
    expect(matchesPattern({ detail: { v: [''] } }, event({ v: '' }))).toBe(true);
  });

  it('matches an event array when it intersects the pattern list', () => {
    const pattern = { resources: ['arn:b', 'arn:z'] };
    expect(matchesPattern(pattern, event({}, { resources: ['arn:a', 'arn:b'] }))).toBe(true);
    expect(matchesPattern(pattern, event({}, { resources: ['arn:a'] }))).toBe(false);
    expect(matchesPattern(pattern, event({}, { resources: [] }))).toBe(false);
  });

  it('matches the rule patterns the declarations build', () => {
    const matcher = compilePattern(
      rulePatternOf({ source: 'tasker', events: ['task.created', 'task.completed'] }),
    );
    expect(matcher(event({}))).toBe(true);
    expect(matcher(event({}, { 'detail-type': 'task.assigned' }))).toBe(false);
    expect(matcher(event({}, { source: 'ates.auth' }))).toBe(false);
  });
});

describe('event patterns: nested objects', () => {
  const pattern = { detail: { data: { status: ['open'] } } };

  it('follows the nesting of the event', () => {
    expect(matchesPattern(pattern, event({ data: { status: 'open' } }))).toBe(true);
    expect(matchesPattern(pattern, event({ data: { status: 'done' } }))).toBe(false);
    expect(matchesPattern(pattern, event({ status: 'open' }))).toBe(false);
  });

  it('does not treat an object as a leaf value', () => {
    expect(matchesPattern({ detail: { data: ['open'] } }, event({ data: { x: 'open' } }))).toBe(
      false,
    );
  });

  it('matches an array of objects when one element matches all of the nested pattern', () => {
    const both = { detail: { items: { kind: ['a'], size: [1] } } };
    expect(matchesPattern(both, event({ items: [{ kind: 'b' }, { kind: 'a', size: 1 }] }))).toBe(
      true,
    );
    expect(
      matchesPattern(
        both,
        event({
          items: [
            { kind: 'a', size: 2 },
            { kind: 'b', size: 1 },
          ],
        }),
      ),
    ).toBe(false);
  });
});

describe('event patterns: prefix', () => {
  const pattern = { time: [{ prefix: '2026-01-02' }] };

  it('matches strings that start with the prefix', () => {
    expect(matchesPattern(pattern, event({}))).toBe(true);
    expect(matchesPattern(pattern, event({}, { time: '2026-01-03T00:00:00Z' }))).toBe(false);
  });

  it('never matches a non-string value', () => {
    expect(matchesPattern({ detail: { n: [{ prefix: '1' }] } }, event({ n: 12 }))).toBe(false);
  });

  it('refuses a prefix that is not a plain string (equals-ignore-case is not implemented)', () => {
    expect(() => compilePattern({ time: [{ prefix: { 'equals-ignore-case': 'x' } }] })).toThrow(
      UnsupportedPatternError,
    );
  });
});

describe('event patterns: anything-but', () => {
  it('matches any present value but the one given', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesPattern(pattern, event({ state: 'running' }))).toBe(true);
    expect(matchesPattern(pattern, event({ state: 'initializing' }))).toBe(false);
    expect(matchesPattern(pattern, event({}))).toBe(false);
  });

  it('takes a number', () => {
    const pattern = { detail: { limit: [{ 'anything-but': 123 }] } };
    expect(matchesPattern(pattern, event({ limit: 124 }))).toBe(true);
    expect(matchesPattern(pattern, event({ limit: 123 }))).toBe(false);
  });

  it('takes a list of values', () => {
    const pattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    expect(matchesPattern(pattern, event({ state: 'running' }))).toBe(true);
    expect(matchesPattern(pattern, event({ state: 'stopped' }))).toBe(false);
    expect(matchesPattern(pattern, event({ state: 'overloaded' }))).toBe(false);
  });

  it('takes a prefix', () => {
    const pattern = { region: [{ 'anything-but': { prefix: 'us-' } }] };
    expect(matchesPattern(pattern, event({}, { region: 'eu-west-1' }))).toBe(true);
    expect(matchesPattern(pattern, event({}, { region: 'us-east-1' }))).toBe(false);
  });

  it('matches an event array when any of its values is not excluded', () => {
    const pattern = { detail: { tags: [{ 'anything-but': 'a' }] } };
    expect(matchesPattern(pattern, event({ tags: ['a', 'b'] }))).toBe(true);
    expect(matchesPattern(pattern, event({ tags: ['a'] }))).toBe(false);
  });

  it('refuses mixed lists and operators it does not implement inside it', () => {
    expect(() => compilePattern({ x: [{ 'anything-but': ['a', 1] }] })).toThrow(
      UnsupportedPatternError,
    );
    expect(() => compilePattern({ x: [{ 'anything-but': { suffix: '.png' } }] })).toThrow(
      UnsupportedPatternError,
    );
    expect(() => compilePattern({ x: [{ 'anything-but': [] }] })).toThrow(UnsupportedPatternError);
  });
});

describe('event patterns: exists', () => {
  it('exists: true matches a present leaf value, null included', () => {
    const pattern = { detail: { jira_id: [{ exists: true }] } };
    expect(matchesPattern(pattern, event({ jira_id: 'UP-1' }))).toBe(true);
    expect(matchesPattern(pattern, event({ jira_id: null }))).toBe(true);
    expect(matchesPattern(pattern, event({}))).toBe(false);
  });

  it('exists: false matches a missing field, also below a missing parent', () => {
    const pattern = { detail: { jira_id: [{ exists: false }] } };
    expect(matchesPattern(pattern, event({}))).toBe(true);
    expect(matchesPattern(pattern, event({ jira_id: 'UP-1' }))).toBe(false);
    expect(matchesPattern({ missing: { x: [{ exists: false }] } }, event({}))).toBe(true);
  });

  it('works on leaf nodes only: an object or an empty array is not an existing leaf', () => {
    const present = { detail: { data: [{ exists: true }] } };
    const absent = { detail: { data: [{ exists: false }] } };
    expect(matchesPattern(present, event({ data: { a: 1 } }))).toBe(false);
    expect(matchesPattern(absent, event({ data: { a: 1 } }))).toBe(true);
    expect(matchesPattern(present, event({ data: [] }))).toBe(false);
    expect(matchesPattern(absent, event({ data: [] }))).toBe(true);
  });

  it('refuses a non-boolean operand', () => {
    expect(() => compilePattern({ x: [{ exists: 'yes' }] })).toThrow(UnsupportedPatternError);
  });
});

describe('event patterns: numeric', () => {
  const between = { detail: { cents: [{ numeric: ['>', 0, '<=', 500] }] } };

  it('matches a range with a lower and an upper bound', () => {
    expect(matchesPattern(between, event({ cents: 0.5 }))).toBe(true);
    expect(matchesPattern(between, event({ cents: 500 }))).toBe(true);
    expect(matchesPattern(between, event({ cents: 0 }))).toBe(false);
    expect(matchesPattern(between, event({ cents: 501 }))).toBe(false);
  });

  it('matches one comparison: =, <, <=, >, >=', () => {
    const check = (op: string, limit: number, value: number) =>
      matchesPattern({ detail: { n: [{ numeric: [op, limit] }] } }, event({ n: value }));
    expect([check('=', 3, 3), check('=', 3, 3.0001)]).toEqual([true, false]);
    expect([check('<', 3, 2), check('<', 3, 3)]).toEqual([true, false]);
    expect([check('<=', 3, 3), check('<=', 3, 4)]).toEqual([true, false]);
    expect([check('>', 3, 4), check('>', 3, 3)]).toEqual([true, false]);
    expect([check('>=', 3, 3), check('>=', 3, 2)]).toEqual([true, false]);
  });

  it('only compares JSON numbers', () => {
    expect(matchesPattern(between, event({ cents: '100' }))).toBe(false);
    expect(matchesPattern(between, event({}))).toBe(false);
  });

  it('refuses malformed ranges', () => {
    for (const numeric of [['>'], ['<', 5, '>', 1], ['!=', 1], ['>', '1'], ['=', 1, '<', 2]]) {
      expect(() => compilePattern({ n: [{ numeric }] }), JSON.stringify(numeric)).toThrow(
        UnsupportedPatternError,
      );
    }
  });
});

describe('event patterns: what is not implemented is refused', () => {
  it.each([
    ['suffix', { x: [{ suffix: '.png' }] }],
    ['wildcard', { x: [{ wildcard: '*.png' }] }],
    ['cidr', { x: [{ cidr: '10.0.0.0/24' }] }],
    ['equals-ignore-case', { x: [{ 'equals-ignore-case': 'a' }] }],
    ['$or', { $or: [{ x: ['a'] }, { y: ['b'] }] }],
    ['two operators in one matcher', { x: [{ prefix: 'a', exists: true }] }],
    ['a bare value instead of a list', { source: 'ates.auth' }],
    ['an empty list', { source: [] }],
    ['an empty pattern', {}],
  ])('%s', (_name, pattern) => {
    expect(() => compilePattern(pattern)).toThrow(UnsupportedPatternError);
  });
});
