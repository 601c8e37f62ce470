/**
 * EventBridge content filtering for the local bus, as AWS documents it ("Content filtering in
 * Amazon EventBridge event patterns", "Arrays in event patterns", "null values and empty
 * strings"). A pattern is compiled once, when the rule is built, so an operator this matcher does
 * not implement fails the start of the local cloud instead of silently matching nothing (or
 * everything) later.
 *
 * Implemented: exact values (string, number, boolean, null), `prefix`, `anything-but` (a value, a
 * list, or `{ prefix }`), `exists`, `numeric` (one comparison or a lower and an upper bound), and
 * nested objects. Everything else (`suffix`, `wildcard`, `cidr`, `equals-ignore-case`, `$or`, ...)
 * throws UnsupportedPatternError.
 */

export type EventPattern = { readonly [field: string]: unknown };
export type EventMatcher = (event: unknown) => boolean;

export class UnsupportedPatternError extends Error {
  constructor(message: string) {
    super(`local EventBridge cannot use this event pattern: ${message}`);
    this.name = 'UnsupportedPatternError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Scalar = null | boolean | number | string;
/** Tests one leaf value of the event (never an array: arrays are unrolled before this). */
type LeafTest = (value: Scalar) => boolean;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is Scalar =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Compiles a pattern into a predicate over whole events; throws on anything unsupported. */
export function compilePattern(pattern: EventPattern): EventMatcher {
  if (!isPlainObject(pattern) || Object.keys(pattern).length === 0) {
    throw new UnsupportedPatternError('a pattern is a non-empty JSON object');
  }
  const test = compileObject(pattern, '');
  return (event) => test(event as Json);
}

export const matchesPattern = (pattern: EventPattern, event: unknown) =>
  compilePattern(pattern)(event);

/** Every field of the pattern must match (AND). */
function compileObject(pattern: Record<string, unknown>, path: string): (value: Json) => boolean {
  const fields = Object.entries(pattern).map(([key, sub]) => {
    const where = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) throw new UnsupportedPatternError(`${where}: operator ${key}`);
    if (Array.isArray(sub)) return compileField(key, compileLeaf(sub, where));
    if (isPlainObject(sub)) {
      if (Object.keys(sub).length === 0) {
        throw new UnsupportedPatternError(`${where}: an empty object matches nothing`);
      }
      return compileNested(key, compileObject(sub, where));
    }
    throw new UnsupportedPatternError(
      `${where}: a field's values must be an array (or a nested object), got ${JSON.stringify(sub)}`,
    );
  });
  return (value) => isPlainObject(value) && fields.every((field) => field(value));
}

/**
 * A nested pattern object. EventBridge matches on flattened paths (`detail.state`), so a missing
 * or non-object value is an empty object here (only `exists: false` can match below it). When
 * the event holds an array of objects, one element must match all of the nested pattern.
 */
function compileNested(key: string, test: (value: Json) => boolean) {
  return (event: Record<string, Json>) => {
    const value = Object.hasOwn(event, key) ? event[key] : undefined;
    const objects = (Array.isArray(value) ? value : [value]).filter(isPlainObject);
    if (objects.length === 0) return test({});
    return objects.some((element) => test(element as Json));
  };
}

interface LeafMatcher {
  /** Tests a present leaf value. */
  test: LeafTest;
  /** `exists: false` is the only matcher that matches a missing field. */
  matchesMissing: boolean;
}

/**
 * A leaf: the event matches if any matcher in the list matches (OR). Objects are intermediate
 * nodes, never leaves, so a field holding an object counts as missing here; an empty array has
 * no leaf value at all, so it counts as missing too. A field holding an array of values matches
 * if any of its values does (the pattern and the array intersect).
 */
function compileField(key: string, leaf: LeafMatcher) {
  return (event: Record<string, Json>) => {
    const value = Object.hasOwn(event, key) ? event[key] : undefined;
    const values = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
      isScalar,
    );
    if (values.length === 0) return leaf.matchesMissing;
    return values.some((v) => leaf.test(v));
  };
}

function compileLeaf(matchers: readonly unknown[], where: string): LeafMatcher {
  if (matchers.length === 0) throw new UnsupportedPatternError(`${where}: an empty value list`);
  const compiled = matchers.map((matcher) => compileMatcher(matcher, where));
  const presentTests = compiled.filter((c) => c.test !== undefined).map((c) => c.test!);
  return {
    matchesMissing: compiled.some((c) => c.matchesMissing),
    test: (value) => presentTests.some((test) => test(value)),
  };
}

interface CompiledMatcher {
  test?: LeafTest;
  matchesMissing: boolean;
}

function compileMatcher(matcher: unknown, where: string): CompiledMatcher {
  if (isScalar(matcher)) return { test: (value) => value === matcher, matchesMissing: false };
  if (!isPlainObject(matcher)) {
    throw new UnsupportedPatternError(`${where}: ${JSON.stringify(matcher)} is not a matcher`);
  }
  const keys = Object.keys(matcher);
  if (keys.length !== 1) {
    throw new UnsupportedPatternError(
      `${where}: a matcher object has exactly one operator, got ${JSON.stringify(matcher)}`,
    );
  }
  const operator = keys[0]!;
  const operand = matcher[operator];
  switch (operator) {
    case 'prefix':
      return { test: prefixTest(operand, where), matchesMissing: false };
    case 'anything-but':
      return { test: anythingButTest(operand, where), matchesMissing: false };
    case 'exists':
      if (typeof operand !== 'boolean') {
        throw new UnsupportedPatternError(`${where}: exists takes true or false`);
      }
      return operand ? { test: () => true, matchesMissing: false } : { matchesMissing: true };
    case 'numeric':
      return { test: numericTest(operand, where), matchesMissing: false };
    default:
      throw new UnsupportedPatternError(`${where}: operator "${operator}" is not implemented`);
  }
}

/** `prefix` applies to strings only; `{ "prefix": { "equals-ignore-case": ... } }` is refused. */
function prefixTest(operand: unknown, where: string): LeafTest {
  if (typeof operand !== 'string') {
    throw new UnsupportedPatternError(
      `${where}: prefix takes a string, got ${JSON.stringify(operand)}`,
    );
  }
  return (value) => typeof value === 'string' && value.startsWith(operand);
}

/**
 * `anything-but` matches a present value that is none of the given values: one string or
 * number, a list of them, or `{ prefix }` (any value that is not a string starting with it).
 */
function anythingButTest(operand: unknown, where: string): LeafTest {
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length === 1 && keys[0] === 'prefix') {
      const starts = prefixTest(operand.prefix, `${where} anything-but`);
      return (value) => !starts(value);
    }
    throw new UnsupportedPatternError(
      `${where}: anything-but ${JSON.stringify(operand)} is not implemented (only a value, a list or {prefix})`,
    );
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  const valid =
    excluded.length > 0 &&
    (excluded.every((v) => typeof v === 'string') || excluded.every((v) => typeof v === 'number'));
  if (!valid) {
    throw new UnsupportedPatternError(
      `${where}: anything-but takes a string, a number, or a list of only strings or only numbers`,
    );
  }
  return (value) => !(excluded as unknown[]).includes(value);
}

const LOWER = ['>', '>='];
const UPPER = ['<', '<='];

/**
 * `numeric` compares JSON numbers only (a string "5" never matches): `["=", 5]`, one bound
 * (`[">", 0]`), or a lower bound followed by an upper bound (`[">", 0, "<=", 5]`).
 */
function numericTest(operand: unknown, where: string): LeafTest {
  const refuse = () =>
    new UnsupportedPatternError(
      `${where}: numeric takes ["=", n], one bound, or a lower and an upper bound; got ${JSON.stringify(operand)}`,
    );
  if (!Array.isArray(operand) || ![2, 4].includes(operand.length)) throw refuse();
  const comparisons: Array<[string, number]> = [];
  for (let i = 0; i < operand.length; i += 2) {
    const [op, limit] = [operand[i], operand[i + 1]];
    if (typeof op !== 'string' || typeof limit !== 'number' || !Number.isFinite(limit)) {
      throw refuse();
    }
    if (![...LOWER, ...UPPER, '='].includes(op)) throw refuse();
    comparisons.push([op, limit]);
  }
  if (comparisons.length === 2) {
    const [[first], [second]] = comparisons as [[string, number], [string, number]];
    if (!LOWER.includes(first) || !UPPER.includes(second)) throw refuse();
  }
  return (value) =>
    typeof value === 'number' && comparisons.every(([op, limit]) => compare(value, op, limit));
}

function compare(value: number, op: string, limit: number): boolean {
  switch (op) {
    case '=':
      return value === limit;
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    default:
      return value >= limit;
  }
}
