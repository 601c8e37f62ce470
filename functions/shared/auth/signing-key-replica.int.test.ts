import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokenIssuer, TOKEN_AUDIENCE } from '#shared/config';
import { JWKS_FETCH_ATTEMPTS, KEYS_MAX_AGE_MS } from './verify-token';
import { makeAccountingConsumer } from '../../accounting/handlers/on-event';
import { accountingMailingDeps, accountingSigningKeys } from '../../accounting/wiring';
import { makeAnalyticsConsumer } from '../../analytics/handlers/on-event';
import { analyticsSigningKeys } from '../../analytics/wiring';
import { KeyRing } from '../../auth/domain/key-ring';
import { newSigningKey } from '../../auth/domain/signing-key';
import { issueToken } from '../../auth/domain/token';
import { handler as jwksRoute } from '../../auth/handlers/jwks';
import { authService } from '../../auth/service';
import { DynamoSigningKeyStore } from '../../auth/store/signing-key-store';
import { deliverAs, keyEvents, type Consumer } from '../../auth/test-support/key-events';
import { handler as listTasks } from '../../tasker/handlers/list-tasks';
import { makeTaskerConsumer } from '../../tasker/handlers/on-event';
import { taskerService } from '../../tasker/service';
import { taskerSigningKeys } from '../../tasker/wiring';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { testUser } from '../../../test/support/tokens';

/** Every domain that verifies tokens, with its consumer (as deployed) and its copy of the keys. */
const domains = [
  ['tasker', makeTaskerConsumer() as Consumer, taskerSigningKeys],
  ['accounting', makeAccountingConsumer(accountingMailingDeps) as Consumer, accountingSigningKeys],
  ['analytics', makeAnalyticsConsumer() as Consumer, analyticsSigningKeys],
] as const;

const deliver = async (domain: string, consumer: Consumer, ...bodies: string[]) =>
  expect(await deliverAs(domain, consumer, ...bodies)).toEqual([]);

const settings = {
  issuer: tokenIssuer(),
  audience: TOKEN_AUDIENCE,
  ttlSeconds: 600,
  maxSessionSeconds: 3600,
};
const worker = testUser('worker');
const user = { ...worker, active: true, revision: 1, created_at: '', updated_at: '' };

/**
 * Issue 27 item 5: a burst of cold starts after a deploy met the API stage's throttle fetching
 * the JWKS (429, then the caller's 401). Each domain now verifies against its own copy of Auth's
 * keys, kept from Auth's events; the public JWKS route here answers nothing but 429.
 */
describe("tokens verified from the domain's own copy of Auth's signing keys", () => {
  let jwksRequests = 0;
  let close: () => void;
  const store = () => new DynamoSigningKeyStore(process.env.AUTH_TABLE!);

  beforeAll(async () => {
    await createTables();
    const server = createServer((_req, res) => {
      jwksRequests++;
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('{"message":"Too Many Requests"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.ATES_JWKS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('accepts a token at a cold start while the JWKS route is throttled, with no request to it', async () => {
    const key = await new KeyRing(store(), () => new Date()).signingKey();
    const [, tasker] = domains[0];
    await deliver('tasker', tasker, (await keyEvents()).get('1:active')!);

    const token = await issueToken(user, key, settings, new Date());
    const answer = await callRoute(listTasks, taskerService.routes.listTasks, { token });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(jwksRequests).toBe(0);
  });

  it('keeps one copy of each key whatever the order or repetition of their events: the keys the JWKS route serves', async () => {
    await new KeyRing(store(), () => new Date()).rotate();
    const events = await keyEvents();
    for (const [domain, consumer, keys] of domains) {
      // Generation 2 before 1, both twice, one of them twice in one batch.
      await deliver(domain, consumer, events.get('2:active')!, events.get('2:active')!);
      await deliver(domain, consumer, events.get('1:active')!);
      await deliver(domain, consumer, events.get('1:active')!, events.get('2:active')!);
      const served = await callRoute(jwksRoute, authService.routes.jwks);
      const byKid = (a: { kid: string }, b: { kid: string }) => a.kid.localeCompare(b.kid);
      expect((await keys().publishedJwks()).sort(byKid), domain).toEqual(
        served.body.keys.sort(byKid),
      );
      expect(served.body.keys).toHaveLength(2);
    }

    // A warm verifier meets the new key's kid: it reads its own copy again, not the JWKS.
    const newKey = (await store().all()).find((k) => k.generation === 2)!;
    const token = await issueToken(user, newKey, settings, new Date());
    const answer = await callRoute(listTasks, taskerService.routes.listTasks, { token });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(jwksRequests).toBe(0);
  });

  it('asks the JWKS route only for a kid its copy lacks (a key older than the events)', async () => {
    const unpublished = await newSigningKey(99, new Date()); // never stored, never announced
    const token = await issueToken(user, unpublished, settings, new Date());
    const answer = await callRoute(listTasks, taskerService.routes.listTasks, { token });
    // The route is throttled throughout: every try of the one fetch is a 429, and the token is refused.
    expect(answer.status).toBe(401);
    expect(jwksRequests).toBe(JWKS_FETCH_ATTEMPTS);
  });

  it("drops a retired key, even when its retirement arrives before a late copy of its publication, and refuses its tokens once the verifier's keys have aged", async () => {
    expect(await new KeyRing(store(), () => new Date()).retire(1)).toBe(true);
    const events = await keyEvents();
    const retiredKey = (await store().all()).find((k) => k.generation === 1)!;
    for (const [domain, consumer] of domains) {
      await deliver(domain, consumer, events.get('1:retired')!);
      await deliver(domain, consumer, events.get('1:active')!); // late: changes nothing
    }

    // Past every cache: the JWKS function's key ring and each verifier's keys.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + KEYS_MAX_AGE_MS });
    try {
      const served = await callRoute(jwksRoute, authService.routes.jwks);
      expect(served.body.keys).toHaveLength(1);
      for (const [domain, , keys] of domains)
        expect(await keys().publishedJwks(), domain).toEqual(served.body.keys);

      const token = await issueToken(user, retiredKey, settings, new Date());
      const answer = await callRoute(listTasks, taskerService.routes.listTasks, { token });
      expect(answer.status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});
