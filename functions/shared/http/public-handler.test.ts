import { describe, expect, it } from 'vitest';
import * as z from '#events/zod';
import { callRoute } from '../../../test/support/http-event';
import type { RouteDeclaration } from '../declaration';
import { publicHttpHandler } from './public-handler';

const publicRoute = {
  method: 'POST',
  path: '/open',
  handler: 'unused',
  access: 'public',
  summary: 'a public route for testing',
} as const satisfies RouteDeclaration;

const handler = publicHttpHandler(
  publicRoute,
  { body: z.strictObject({ name: z.string().check(z.minLength(1)) }) },
  async ({ body, caller }) => ({ status: 200, body: { name: body.name, caller: caller ?? null } }),
);

describe('publicHttpHandler', () => {
  it('serves anyone, with no caller, through the same validation and error shape', async () => {
    const ok = await callRoute(handler, publicRoute, { body: { name: 'x' } });
    expect(ok).toMatchObject({ status: 200, body: { name: 'x', caller: null } });
    expect(ok.headers['x-correlation-id']).toBeTruthy();

    const bad = await callRoute(handler, publicRoute, { body: { name: '', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('refuses to serve a route that asks for a caller, when the handler is built', () => {
    for (const access of ['signed-in', ['admin']] as const) {
      // A declaration typed loosely (as a service's routes map may be) must not slip through.
      const route: RouteDeclaration = { ...publicRoute, access };
      expect(() =>
        publicHttpHandler(route as typeof publicRoute, {}, async () => ({ status: 200 })),
      ).toThrow(/is not public.*use httpHandler/);
    }
  });
});
