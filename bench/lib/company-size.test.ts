import { describe, expect, it } from 'vitest';
import { createUserInput } from '../../functions/auth/domain/validation';
import { DEMO_COMPANY } from '../../local/cloud/demo-company';
import { DEFAULT_HIRED_WORKERS, MAX_HIRED_WORKERS, hiredWorkersOf } from './company-size';
import { benchHires, takersOf } from './hires';

describe('--workers', () => {
  it('is the default when absent, and 0 is the demo company alone', () => {
    expect(hiredWorkersOf(undefined)).toBe(DEFAULT_HIRED_WORKERS);
    expect(hiredWorkersOf('0')).toBe(0);
    expect(hiredWorkersOf('250')).toBe(250);
    expect(hiredWorkersOf(String(MAX_HIRED_WORKERS))).toBe(MAX_HIRED_WORKERS);
  });

  it.each(['', 'ten', '-1', '1.5', '1e3', '0x10', String(MAX_HIRED_WORKERS + 1)])(
    "refuses '%s' instead of measuring a company nobody asked for",
    (option) => {
      expect(() => hiredWorkersOf(option)).toThrow(/--workers/);
    },
  );
});

describe("the bench's hires", () => {
  it('are workers Auth accepts, none of them a demo login, each address once', () => {
    const hires = benchHires(120);
    expect(hires).toHaveLength(120);
    for (const hire of hires) {
      expect(createUserInput.safeParse(hire).success).toBe(true);
      expect(hire.role).toBe('worker');
    }
    const emails = [...hires, ...DEMO_COMPANY].map((login) => login.email);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("all take tasks, as do the demo company's workers and accountant", () => {
    expect(takersOf(DEMO_COMPANY)).toBe(6);
    expect(takersOf([...DEMO_COMPANY, ...benchHires(100)])).toBe(106);
    expect(benchHires(0)).toEqual([]);
  });
});
