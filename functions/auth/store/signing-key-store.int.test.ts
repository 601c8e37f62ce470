import { beforeAll, describe, expect, it } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { KeyRing } from '../domain/key-ring';
import { KEY_PUBLICATION_LEAD_MS } from '../domain/signing-key';
import { DynamoSigningKeyStore } from './signing-key-store';

const store = () => new DynamoSigningKeyStore(process.env.AUTH_TABLE!);
const clock = () => new Date();

describe('signing keys in the Auth table', () => {
  beforeAll(() => createTables());

  it('creates the first key once, even when many cold starts race for it', async () => {
    const rings = Array.from({ length: 5 }, () => new KeyRing(store(), clock));
    const kids = await Promise.all(rings.map(async (ring) => (await ring.signingKey()).kid));
    expect(new Set(kids).size).toBe(1);
    expect(await store().all()).toHaveLength(1);
  });

  it('rotates: the JWKS lists both at once, and the new key signs after its lead', async () => {
    let now = Date.now();
    const ring = new KeyRing(store(), () => new Date(now));
    const first = await ring.signingKey();
    await ring.rotate();
    expect((await ring.signingKey()).kid).toBe(first.kid);
    now += KEY_PUBLICATION_LEAD_MS;
    const second = await ring.signingKey();

    expect(second.generation).toBe(first.generation + 1);
    expect(second.kid).not.toBe(first.kid);
    expect((await ring.jwks()).keys.map((key) => key.kid).sort()).toEqual(
      [first.kid, second.kid].sort(),
    );
  });

  it('caches keys per process and rereads them after the cache age', async () => {
    let now = Date.now();
    const ring = new KeyRing(store(), () => new Date(now), 60_000);
    const before = await ring.signingKey();
    await new KeyRing(store(), () => new Date(now - KEY_PUBLICATION_LEAD_MS)).rotate(); // another process rotated long ago
    expect((await ring.signingKey()).kid).toBe(before.kid);
    now += 60_001;
    const newest = Math.max(...(await store().all()).map((key) => key.generation));
    expect((await ring.signingKey()).generation).toBe(newest);
  });

  it('reads back exactly what it stored, private half included', async () => {
    const [key] = await store().all();
    expect(key!.privateJwk.d).toEqual(expect.any(String));
    expect(key!.publicJwk).not.toHaveProperty('d');
    expect(await store().insertIfAbsent(key!)).toBe(false);
  });
});
