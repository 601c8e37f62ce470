import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';

interface Operation {
  'x-roles': string | string[];
  security?: unknown[];
  responses: Record<string, unknown>;
}

const openapi = JSON.parse(
  readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'),
) as {
  paths: Record<string, Record<string, Operation>>;
};

const documented = Object.entries(openapi.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    key: `${method.toUpperCase()} ${path}`,
    operation,
  })),
);
const declared = SERVICES.flatMap((service) => Object.values(service.routes)).map((route) => ({
  key: `${route.method} ${route.path}`,
  route,
}));

describe('docs/openapi.json', () => {
  it('documents exactly the routes the services declare', () => {
    expect(documented.map((d) => d.key).sort()).toEqual(declared.map((d) => d.key).sort());
  });

  it('states for each route the roles its declaration admits, and 401 where a token is needed', () => {
    for (const { key, route } of declared) {
      const operation = documented.find((d) => d.key === key)!.operation;
      const expectedRoles =
        route.access === 'public'
          ? 'public'
          : route.access === 'signed-in'
            ? ['admin', 'manager', 'accountant', 'worker']
            : [...route.access];
      expect(operation['x-roles'], key).toEqual(expectedRoles);
      if (route.access !== 'public') {
        expect(operation.security, key).toBeDefined();
        expect(Object.keys(operation.responses), key).toContain('401');
      }
    }
  });
});
