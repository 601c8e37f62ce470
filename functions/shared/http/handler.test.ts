// Long because each refusal of the HTTP pipeline (token, role, revocation, schemas, errors) has its case.
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from '#events/zod';
import type { Context } from 'aws-lambda';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { callRoute, httpEvent } from '../../../test/support/http-event';
import { startTestIssuer, testUser, type TestUser } from '../../../test/support/tokens';
import type { CallerState } from '../auth/current-callers';
import type { RouteDeclaration } from '../declaration';
import { Refusal } from '../refusal';
import { domainHttpHandler, httpHandler } from './handler';

const route = {
  method: 'POST',
  path: '/things/{id}',
  handler: 'unused',
  access: ['manager', 'admin'],
  summary: 'a route for testing the middleware',
} as const satisfies RouteDeclaration;

const publicRoute = { ...route, access: 'public' } as const satisfies RouteDeclaration;

const body = z.strictObject({
  name: z.string().check(z.minLength(1)),
  kind: z.optional(z.enum(['a', 'b'])),
});
const params = z.object({ id: z.uuid() });

const handler = httpHandler(route, { body, params }, async ({ body, params, caller }) => {
  if (body.name === 'taken') throw new Refusal('conflict', 'conflict', 'that name is taken');
  if (body.name === 'boom') throw new Error('database exploded');
  if (body.name === 'rule') throw new Refusal('invalid', 'name_rule', 'names may not be "rule"');
  if (body.name === 'slow') throw new Refusal('rate_limited', 'slow_down', 'wait a minute', 60);
  return { status: 201, body: { id: params.id, name: body.name, by: caller.role } };
});

const publicHandler = httpHandler(publicRoute, {}, async ({ caller }) => ({
  status: 200,
  body: { caller: caller ?? null },
}));

const id = crypto.randomUUID();
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;

describe('httpHandler', () => {
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });

  const asManager = () => issuer.tokenFor(testUser('manager'));

  it('runs the use case with parsed input and the caller from the token', async () => {
    const res = await callRoute(handler, route, {
      token: await asManager(),
      body: { name: 'x' },
      params: { id },
    });
    expect(res).toMatchObject({ status: 201, body: { id, name: 'x', by: 'manager' } });
    expect(res.headers['x-correlation-id']).toBeTruthy();
  });

  it('refuses a missing token with 401 before looking at the body', async () => {
    const res = await callRoute(handler, route, { rawBody: '{oops', params: { id } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('refuses a role the route does not allow with 403', async () => {
    const token = await issuer.tokenFor(testUser('worker'));
    const res = await callRoute(handler, route, { token, body: { name: 'x' }, params: { id } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('manager or admin');
  });

  it('refuses an expired token', async () => {
    const token = await issuer.tokenFor(testUser('admin'), Math.floor(Date.now() / 1000) - 60);
    const res = await callRoute(handler, route, { token, body: { name: 'x' }, params: { id } });
    expect(res.status).toBe(401);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await callRoute(handler, route, {
      token: await asManager(),
      rawBody: '{oops',
      params: { id },
    });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('names each invalid field, unknown fields included', async () => {
    const res = await callRoute(handler, route, {
      token: await asManager(),
      body: { name: '', kind: 'c', extra: 1 },
      params: { id: 'not-a-uuid' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/name:/);
    expect(res.body.error.message).toMatch(/kind:/);
    expect(res.body.error.message).toMatch(/unknown field\(s\) extra/);
  });

  it('lists every invalid field of body and path at once in error.fields', async () => {
    const res = await callRoute(handler, route, {
      token: await asManager(),
      body: { name: '', kind: 'c', extra: 1 },
      params: { id: 'not-a-uuid' },
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.fields as { field: string; message: string }[];
    expect(fields.map((entry) => entry.field).sort()).toEqual(['extra', 'id', 'kind', 'name']);
    for (const entry of fields) expect(entry.message).toEqual(expect.any(String));
    expect(res.body.error.message).toMatch(/invalid body: .*; invalid path: id:/);
  });

  it('leaves fields out of a refusal that is about no field', async () => {
    const res = await callRoute(handler, route, {
      token: await asManager(),
      body: { name: 'taken' },
      params: { id },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).not.toHaveProperty('fields');
  });

  it('maps domain errors to their status and hides our own faults behind a 500', async () => {
    const token = await asManager();
    const taken = await callRoute(handler, route, {
      token,
      body: { name: 'taken' },
      params: { id },
    });
    expect(taken).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', message: 'that name is taken' } },
    });
    const boom = await callRoute(handler, route, { token, body: { name: 'boom' }, params: { id } });
    expect(boom.status).toBe(500);
    expect(boom.body.error.code).toBe('internal_error');
    expect(boom.body.error.message).not.toContain('database');
  });

  it("turns a domain's refusal into the status its category means, with Retry-After when given", async () => {
    const token = await asManager();
    const rule = await callRoute(handler, route, { token, body: { name: 'rule' }, params: { id } });
    expect(rule).toMatchObject({ status: 422, body: { error: { code: 'name_rule' } } });
    const slow = await callRoute(handler, route, { token, body: { name: 'slow' }, params: { id } });
    expect(slow).toMatchObject({ status: 429, body: { error: { code: 'slow_down' } } });
    expect(slow.headers['retry-after']).toBe('60');
  });

  it('lets anyone call a public route', async () => {
    const res = await callRoute(publicHandler, publicRoute);
    expect(res).toMatchObject({ status: 200, body: { caller: null } });
  });

  describe("revocation through a domain's CurrentCallers port", () => {
    const known = new Map<string, CallerState>();
    const guarded = domainHttpHandler({
      callers: () => ({ callerState: async (id) => known.get(id) }),
    })(route, { body, params }, async ({ caller }) => ({ status: 201, body: { by: caller.role } }));
    const call = async (user: TestUser) =>
      callRoute(guarded, route, {
        token: await issuer.tokenFor(user),
        body: { name: 'x' },
        params: { id },
      });

    it.each<[string, Partial<CallerState> | undefined, number]>([
      ['the domain does not know the user yet', undefined, 201],
      [
        'the replica is older than the token, even if it says inactive',
        { revision: 2, active: false },
        201,
      ],
      ['the replica is at the token revision, same role, active', { revision: 3 }, 201],
      ['a later revision only renamed the user', { revision: 7 }, 201],
      [
        'the user was deactivated at the token revision or later',
        { revision: 4, active: false },
        401,
      ],
      ['the user has another role now', { revision: 4, role: 'worker' }, 401],
    ])('when %s: %i', async (_, state, status) => {
      const user = testUser('manager', { revision: 3 });
      if (state) known.set(user.id, { active: true, role: 'manager', revision: 3, ...state });
      const res = await call(user);
      expect(res.status).toBe(status);
      if (status === 401)
        expect(res.body.error).toEqual({
          code: 'token_revoked',
          message: 'the token was refused; sign in again',
        });
    });
  });

  describe('the correlation id', () => {
    const withHeader = async (value: string) => {
      const event = httpEvent(route, {
        token: await asManager(),
        body: { name: 'x' },
        params: { id },
      });
      event.headers['x-correlation-id'] = value;
      const result = await handler(event, {} as Context);
      return (result.headers ?? {})['x-correlation-id'] as string;
    };

    it('keeps a short plain one and replaces anything else', async () => {
      expect(await withHeader('abc-123_x.y')).toBe('abc-123_x.y');
      for (const bad of ['x'.repeat(129), 'a\u202Eb', 'a b', '']) {
        const replaced = await withHeader(bad);
        expect(replaced).not.toBe(bad);
        expect(replaced).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
      }
    });
  });

  it('answers an AWS throttling error with 429 too_many_requests and Retry-After, not a 5xx', async () => {
    const throttled = httpHandler(publicRoute, {}, async () => {
      const error = new Error('Rate of requests exceeds the allowed throughput.');
      error.name = 'ProvisionedThroughputExceededException';
      throw error;
    });
    const res = await callRoute(throttled, publicRoute);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_requests');
    expect(res.headers['retry-after']).toBe('1');
  });

  it('answers a transaction cancelled for capacity with 429, as a throttled write', async () => {
    const throttled = httpHandler(publicRoute, {}, async () => {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
      });
    });
    const res = await callRoute(throttled, publicRoute);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_requests');
  });

  it('answers 503 timed_out with Retry-After, not 500, when the invocation runs out of time', async () => {
    const stuck = httpHandler(publicRoute, {}, () => new Promise<never>(() => undefined));
    const deadline = Date.now() + 400;
    const result = await stuck(httpEvent(publicRoute), {
      functionName: 'test',
      awsRequestId: crypto.randomUUID(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    } as Context);
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body!).error.code).toBe('timed_out');
    expect(result.headers?.['retry-after']).toBe('1');
  });

  it('answers a transaction conflict that outlived its retries with 503, not 500', async () => {
    const conflicted = httpHandler(publicRoute, {}, async () => {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
      });
    });
    const res = await callRoute(conflicted, publicRoute);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('busy');
  });
});
