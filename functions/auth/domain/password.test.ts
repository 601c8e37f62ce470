import { describe, expect, it, vi } from 'vitest';
import { hashPassword, PASSWORD_COST, unknownUserHash, verifyPassword } from './password';

// The one file that hashes at the production cost (the test setup lowers it everywhere else).
vi.unmock(import('./password'));

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('beak-and-feathers', PASSWORD_COST);
    expect(await verifyPassword('beak-and-feathers', hash)).toBe(true);
    expect(await verifyPassword('beak-and-feather', hash)).toBe(false);
  });

  it('salts per user: one password, two different hashes, neither containing it', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same-password', PASSWORD_COST),
      hashPassword('same-password', PASSWORD_COST),
    ]);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same-password');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  });

  it('treats Unicode-equivalent spellings as the same password', async () => {
    const hash = await hashPassword('pa\u00dfw\u00f6rd!', PASSWORD_COST);
    expect(await verifyPassword('pa\u00dfwo\u0308rd!', hash)).toBe(true);
  });

  it('never matches the dummy hash used for unknown e-mails, made at the same cost', async () => {
    expect(unknownUserHash(PASSWORD_COST)).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('anything at all', unknownUserHash(PASSWORD_COST))).toBe(false);
  });

  it('fails loudly on a stored hash it does not understand', async () => {
    await expect(verifyPassword('x', 'md5$abc')).rejects.toThrow(/unknown format/);
  });
});
