import type { RouteDeclaration, ServiceDeclaration } from '#shared/declaration';

export interface DeclaredRoute {
  domain: string;
  name: string;
  route: RouteDeclaration;
  segments: readonly string[];
}

export type RouteLookup =
  | { kind: 'found'; route: DeclaredRoute; pathParameters: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

/** Every segment, empty ones too: `/tasks/` is `tasks` and `""`, so it does not match `/tasks`. */
const splitPath = (path: string) => path.split('/').slice(1);
const parameterOf = (segment: string) => /^\{(\w+)(\+?)\}$/.exec(segment);

/**
 * The routes of every declaration, matched the way an HTTP API matches them: a literal segment
 * beats a `{param}`, which beats a greedy `{param+}`; the method must match too; a trailing
 * slash is a different path. Paths must be well escaped (the gateway answers 400 otherwise).
 */
export class RouteTable {
  readonly routes: DeclaredRoute[];

  constructor(services: readonly ServiceDeclaration[]) {
    this.routes = services.flatMap((service) =>
      Object.entries(service.routes).map(([name, route]) => ({
        domain: service.domain,
        name,
        route,
        segments: splitPath(route.path),
      })),
    );
    const keys = new Set<string>();
    for (const { route } of this.routes) {
      const key = `${route.method} ${route.path}`;
      if (keys.has(key)) throw new Error(`route ${key} is declared twice`);
      keys.add(key);
    }
  }

  lookup(method: string, path: string): RouteLookup {
    const segments = splitPath(path);
    const candidates = this.routes
      .map((declared) => ({ declared, match: matchSegments(declared.segments, segments) }))
      .filter((c) => c.match !== undefined)
      .sort((a, b) => compareSpecificity(a.declared.segments, b.declared.segments));
    if (candidates.length === 0) return { kind: 'none' };
    const found = candidates.find((c) => c.declared.route.method === method);
    if (!found) {
      return {
        kind: 'wrong-method',
        allowed: [...new Set(candidates.map((c) => c.declared.route.method))],
      };
    }
    return { kind: 'found', route: found.declared, pathParameters: found.match! };
  }
}

function matchSegments(
  template: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const parameter = parameterOf(template[i]!);
    if (parameter?.[2]) {
      if (actual.slice(i).join('/') === '') return undefined;
      parameters[parameter[1]!] = actual.slice(i).map(decodeURIComponent).join('/');
      return parameters;
    }
    const segment = actual[i];
    if (segment === undefined || (parameter && segment === '')) return undefined;
    if (parameter) parameters[parameter[1]!] = decodeURIComponent(segment);
    else if (segment !== template[i]) return undefined;
  }
  return template.length === actual.length ? parameters : undefined;
}

/** Segment by segment: literal before `{param}` before `{param+}`. */
function compareSpecificity(a: readonly string[], b: readonly string[]): number {
  const rank = (segment: string | undefined) => {
    const parameter = segment === undefined ? null : parameterOf(segment);
    return !parameter ? 0 : parameter[2] ? 2 : 1;
  };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = rank(a[i]) - rank(b[i]);
    if (difference !== 0) return difference;
  }
  return 0;
}
