import type { PolicyStatementJson } from '../../infra/function-policies';

/**
 * IAM's evaluation of identity-based policies for one principal, for exactly the statement
 * shapes the app emits (infra/function-policies.ts): Allow and Deny, Action and Resource with
 * `*` and `?` wildcards, and conditions with the String operators, alone or under
 * `ForAnyValue:` / `ForAllValues:`. Anything else (NotAction, NotResource, Principal, IfExists,
 * Null, numeric or date operators, a policy variable) is refused when the policy is loaded, so
 * a shape this evaluator does not understand can never quietly allow a call.
 *
 * The logic (AWS's "policy evaluation logic" for one account, no SCPs, boundaries or session
 * policies, which the app does not use):
 * - an explicit Deny that matches wins over everything;
 * - else an Allow that matches allows;
 * - else the call is denied implicitly.
 * A statement matches when its action, its resource and every condition match. Within a
 * condition block every operator and every key must hold; a key's values are alternatives.
 */
export type Decision = 'allowed' | 'explicitly_denied' | 'implicitly_denied';

/** One authorization IAM makes: an action on a resource, with the request's condition keys. */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys (case-insensitive names) and their values; a multivalued key has several. */
  readonly context: Readonly<Record<string, readonly string[]>>;
}

export class UnsupportedPolicyError extends Error {
  constructor(message: string) {
    super(`local IAM cannot evaluate this policy (so it refuses it): ${message}`);
    this.name = 'UnsupportedPolicyError';
  }
}

type StringOperator = 'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike';
const STRING_OPERATORS: readonly StringOperator[] = [
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringNotLike',
];
const NEGATED = new Set<StringOperator>(['StringNotEquals', 'StringNotLike']);
/** The set qualifiers are only taken with positive operators: the app writes no other. */
const SET_OPERATORS = new Set<StringOperator>(['StringEquals', 'StringLike']);

interface Condition {
  readonly set?: 'ForAnyValue' | 'ForAllValues';
  readonly operator: StringOperator;
  readonly key: string;
  readonly values: readonly string[];
}

interface CompiledStatement {
  readonly deny: boolean;
  readonly actions: readonly RegExp[];
  readonly resources: readonly RegExp[];
  readonly conditions: readonly Condition[];
  readonly source: PolicyStatementJson;
}

/** A principal's identity policy, checked for shapes it can evaluate and compiled once. */
export class IdentityPolicy {
  private readonly statements: readonly CompiledStatement[];

  constructor(readonly document: readonly PolicyStatementJson[]) {
    this.statements = document.map(compileStatement);
  }

  evaluate(request: AuthorizationRequest): Decision {
    const context = lazyContext(request.context);
    let allowed = false;
    for (const statement of this.statements) {
      if (!matches(statement, request, context)) continue;
      if (statement.deny) return 'explicitly_denied';
      allowed = true;
    }
    return allowed ? 'allowed' : 'implicitly_denied';
  }

  /** The Allow statements that match a request (for the report of which grant a call used). */
  allowsOf(request: AuthorizationRequest): PolicyStatementJson[] {
    const context = lazyContext(request.context);
    return this.statements
      .filter((s) => !s.deny && matches(s, request, context))
      .map((s) => s.source);
  }
}

function matches(
  statement: CompiledStatement,
  request: AuthorizationRequest,
  context: () => Record<string, readonly string[]>,
): boolean {
  return (
    statement.actions.some((pattern) => pattern.test(request.action)) &&
    statement.resources.some((pattern) => pattern.test(request.resource)) &&
    statement.conditions.every((condition) => holds(condition, context()[condition.key]))
  );
}

/**
 * One operator on one key. Without a set qualifier a missing key fails a positive operator and
 * satisfies a negated one (IAM's rule for every operator but IfExists and Null); a key with
 * several values needs a qualifier, so without one the call cannot be judged and is refused by
 * throwing. ForAnyValue: some value of the request matches some value of the policy (false when
 * the key is missing). ForAllValues: every value of the request matches (true when missing).
 */
function holds(condition: Condition, values: readonly string[] | undefined): boolean {
  const one = (value: string) =>
    condition.values.some((p) => compare(condition.operator, p, value));
  if (condition.set === 'ForAnyValue') return (values ?? []).some(one);
  if (condition.set === 'ForAllValues') return (values ?? []).every(one);
  if (!values || values.length === 0) return NEGATED.has(condition.operator);
  if (values.length > 1) {
    throw new UnsupportedPolicyError(
      `${condition.operator} on ${condition.key}, which this request gives ${values.length} values`,
    );
  }
  const value = values[0]!;
  if (NEGATED.has(condition.operator))
    return condition.values.every((p) => compare(condition.operator, p, value));
  return one(value);
}

/** A negated operator is true for a value when the value differs from (or is unlike) the pattern. */
function compare(operator: StringOperator, pattern: string, value: string): boolean {
  switch (operator) {
    case 'StringEquals':
      return pattern === value;
    case 'StringNotEquals':
      return pattern !== value;
    case 'StringLike':
      return globOf(pattern, '').test(value);
    case 'StringNotLike':
      return !globOf(pattern, '').test(value);
  }
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);

function compileStatement(statement: PolicyStatementJson): CompiledStatement {
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.has(key)) throw new UnsupportedPolicyError(`a statement with ${key}`);
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    throw new UnsupportedPolicyError(`Effect ${String(statement.Effect)}`);
  }
  const actions = [statement.Action].flat();
  const resources = [statement.Resource].flat();
  if (actions.length === 0 || resources.length === 0) {
    throw new UnsupportedPolicyError('a statement without Action or Resource');
  }
  for (const text of [...actions, ...resources]) {
    if (typeof text !== 'string' || text.includes('${')) {
      throw new UnsupportedPolicyError(`${JSON.stringify(text)} (not a plain string)`);
    }
  }
  return {
    deny: statement.Effect === 'Deny',
    // Action names are case-insensitive; resources (ARNs) are not.
    actions: actions.map((action) => globOf(action, 'i')),
    resources: resources.map((resource) => globOf(resource, '')),
    conditions: Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys).map(([key, values]) => conditionOf(operator, key, values)),
    ),
    source: statement,
  };
}

function conditionOf(name: string, key: string, values: string | readonly string[]): Condition {
  const [qualifier, operator] = name.includes(':') ? name.split(':') : [undefined, name];
  if (!STRING_OPERATORS.includes(operator as StringOperator)) {
    throw new UnsupportedPolicyError(`the condition operator ${name}`);
  }
  const set = qualifier as Condition['set'];
  if (set !== undefined && set !== 'ForAnyValue' && set !== 'ForAllValues') {
    throw new UnsupportedPolicyError(`the qualifier ${String(qualifier)}`);
  }
  if (set && !SET_OPERATORS.has(operator as StringOperator)) {
    throw new UnsupportedPolicyError(`${name} (a set qualifier on a negated operator)`);
  }
  const list = [values].flat();
  if (list.some((value) => typeof value !== 'string' || value.includes('${'))) {
    throw new UnsupportedPolicyError(`${name} ${key}: values must be plain strings`);
  }
  return { set, operator: operator as StringOperator, key: key.toLowerCase(), values: list };
}

/** IAM's wildcards: `*` any run of characters (also none), `?` exactly one. */
function globOf(pattern: string, flags: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, `s${flags}`);
}

/** The request's condition keys by lower-case name, made only if a condition is looked at. */
function lazyContext(context: Readonly<Record<string, readonly string[]>>) {
  let lower: Record<string, readonly string[]> | undefined;
  return () =>
    (lower ??= Object.fromEntries(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v])));
}
