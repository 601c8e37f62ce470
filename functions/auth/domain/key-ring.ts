import type { PublishedJwk, PublishedKeys } from '#shared/auth/published-keys';
import type { SigningKeyStore } from './ports';
import {
  jwksOf,
  KEY_CACHE_MS,
  newSigningKey,
  signingKeyOf,
  type PublicKey,
  type SigningKey,
} from './signing-key';

/**
 * Auth's signing keys as one process sees them. Keys are read from the table at most every
 * `maxAgeMs` (so a rotation reaches every warm Lambda within that time) and created on first
 * use: generation 1 is a conditional put, so concurrent cold starts agree on one key.
 */
export class KeyRing {
  private cache: { keys: SigningKey[]; loadedAt: number } | undefined;
  private publicCache: { keys: PublicKey[]; loadedAt: number } | undefined;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly clock: () => Date,
    private readonly maxAgeMs = KEY_CACHE_MS,
  ) {}

  async signingKey(): Promise<SigningKey> {
    const key = signingKeyOf(await this.keys(), this.clock());
    if (key) return key;
    // Every key is retired and none replaced it: make the next generation rather than fail.
    await this.rotate();
    return signingKeyOf(await this.keys(), this.clock())!;
  }

  /**
   * The published key set, read from the public halves alone: the JWKS function may not read a
   * private key (IAM denies it the pairs' partition). Before the first sign-in there is no key,
   * and no token to verify: the set is empty, and the first login creates the key. An empty set
   * is not cached: the first key signs at once (nothing older can), so the next fetch must see it.
   */
  async jwks() {
    const now = this.clock().getTime();
    if (!this.publicCache || now - this.publicCache.loadedAt >= this.maxAgeMs) {
      const keys = await this.store.publicKeys();
      this.publicCache = keys.length > 0 ? { keys, loadedAt: now } : undefined;
      return jwksOf(keys);
    }
    return jwksOf(this.publicCache.keys);
  }

  /**
   * Writes the next generation: published from now on, signing once it has been published for
   * KEY_PUBLICATION_LEAD_MS; the previous keys stay published until retired. Losing the race to
   * another writer is fine: their key is as good as ours.
   */
  async rotate(): Promise<void> {
    const keys = await this.store.all();
    const next = Math.max(0, ...keys.map((key) => key.generation)) + 1;
    await this.store.insertIfAbsent(await newSigningKey(next, this.clock()));
    this.cache = undefined;
    this.publicCache = undefined;
  }

  /**
   * Retires one generation: the JWKS stops listing it and every domain's key replica drops it,
   * so tokens it signed are refused from then on (within the verifiers' KEY_CACHE_MS). Retire a
   * key once its last token has expired, or at once when it is compromised. False when there is
   * no such generation or it was retired already.
   */
  async retire(generation: number): Promise<boolean> {
    const key = (await this.store.publicKeys()).find((k) => k.generation === generation);
    const retired = key !== undefined && (await this.store.retire(key));
    this.cache = undefined;
    this.publicCache = undefined;
    return retired;
  }

  private async keys(): Promise<SigningKey[]> {
    const now = this.clock().getTime();
    if (this.cache && now - this.cache.loadedAt < this.maxAgeMs) return this.cache.keys;
    let keys = await this.store.all();
    if (keys.length === 0) {
      await this.store.insertIfAbsent(await newSigningKey(1, this.clock()));
      keys = await this.store.all();
    }
    this.cache = { keys, loadedAt: now };
    return keys;
  }
}

/**
 * Auth's own routes verify tokens against the keys in its own table (the public halves, as the
 * JWKS route serves them), read when the verifier needs them: no HTTP call to itself.
 */
export const ownPublishedKeys = (store: SigningKeyStore): PublishedKeys => ({
  publishedJwks: async () => jwksOf(await store.publicKeys()).keys as PublishedJwk[],
});
