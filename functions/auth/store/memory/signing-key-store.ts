import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { SigningKeyStore } from '../../domain/ports';
import type { PublicKey, SigningKey } from '../../domain/signing-key';

/** Signing keys in memory, by generation. */
export class MemorySigningKeyStore implements SigningKeyStore {
  readonly keys = new MemoryTable<SigningKey>('signing_keys');

  async all(): Promise<SigningKey[]> {
    return this.keys.values();
  }

  async publicKeys(): Promise<PublicKey[]> {
    return this.keys.values().map(({ privateJwk: _private, ...publicHalf }) => publicHalf);
  }

  async insertIfAbsent(key: SigningKey): Promise<boolean> {
    const generation = String(key.generation).padStart(6, '0');
    if (this.keys.has(generation)) return false;
    this.keys.seed(generation, key);
    return true;
  }
}
