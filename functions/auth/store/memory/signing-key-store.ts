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

  async retire(key: PublicKey): Promise<boolean> {
    const generation = String(key.generation).padStart(6, '0');
    const stored = this.keys.values().find((k) => k.generation === key.generation);
    if (!stored || stored.status === 'retired') return false;
    this.keys.seed(generation, { ...stored, status: 'retired' });
    return true;
  }
}
