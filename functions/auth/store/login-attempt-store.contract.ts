import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { LoginAttemptStore } from '../domain/ports';

const POLICY = { maxAttempts: 3, windowMs: 60_000 };
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 6, 10, 0, seconds));

/** What login relies on from the attempt counters, on any adapter; `setup` runs per case. */
export function loginAttemptStoreContract(setup: () => Promise<LoginAttemptStore>) {
  it('reserves up to the limit in a window, then refuses until it ends, then opens a new one', async () => {
    const store = await setup();
    const email = `${randomUUID()}@example.test`;
    for (let i = 1; i <= 3; i++)
      expect(await store.reserve(email, at(i), POLICY)).toEqual({
        reserved: true,
        window: { attempts: i, endsAt: new Date(at(1).getTime() + 60_000) },
      });
    expect(await store.reserve(email, at(59), POLICY)).toMatchObject({
      reserved: false,
      window: { endsAt: new Date(at(1).getTime() + 60_000) },
    });
    expect(await store.reserve(email, at(61), POLICY)).toEqual({
      reserved: true,
      window: { attempts: 1, endsAt: new Date(at(61).getTime() + 60_000) },
    });
  });

  it('takes a released attempt back in its own window only', async () => {
    const store = await setup();
    const email = `${randomUUID()}@example.test`;
    const first = await store.reserve(email, at(0), POLICY);
    await store.reserve(email, at(1), POLICY);
    await store.release(email, first.window);
    expect((await store.reserve(email, at(2), POLICY)).window.attempts).toBe(2);
    const later = await store.reserve(email, at(70), POLICY);
    await store.release(email, first.window); // an old window's release changes nothing
    expect((await store.reserve(email, at(71), POLICY)).window.attempts).toBe(
      later.window.attempts + 1,
    );
  });

  it('reserves no more than the limit of many parallel attempts', async () => {
    const store = await setup();
    const email = `${randomUUID()}@example.test`;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => store.reserve(email, at(0), POLICY)),
    );
    expect(outcomes.filter((outcome) => outcome.reserved)).toHaveLength(3);
  });
}
