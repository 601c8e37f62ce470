import { randomUUID } from 'node:crypto';
import type { Role } from '#events';
import { OPERATOR } from '../domain/actor';
import type { AuthDeps } from '../domain/ports';
import { memoryAuthDeps } from '../store/memory/deps';
import { createUser } from '../use-cases/create-user';

export const PASSWORD = 'correct horse battery';

/** `'ok'`, or the code of the refusal: for tests that compare the outcomes of several calls. */
export const outcomeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code: string }) => error.code,
  );

/** Auth on the in-memory deps with a clock a test can move, and accounts made by the use case. */
export function memoryAuth(overrides: Partial<AuthDeps> = {}) {
  let now = new Date('2026-12-06T10:00:00Z');
  const memory = memoryAuthDeps({ clock: () => now, ...overrides });
  return {
    ...memory,
    /** The events committed so far, as `{name, data}`. */
    events: () =>
      memory.unitOfWork
        .published()
        .map((event) => ({ name: event.metadata.event_name, data: event.data })),
    advanceMinutes: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    given: (role: Role, name = `Popug ${role}`) =>
      createUser(
        memory.deps,
        OPERATOR,
        {
          email: `${role}-${randomUUID().slice(0, 8)}@uberpopug.test`,
          name,
          role,
          password: PASSWORD,
        },
        { correlationId: 'given' },
      ),
  };
}
