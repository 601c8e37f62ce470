import type { DemoLogin } from '../../local/cloud/demo-company';
import { isAssignable } from '../../functions/tasker/domain/assignment';

/**
 * The workers the bench hires, as the admin would type them into `POST /auth/users`: an
 * address of the demo company's domain that no demo login has, a name, and a password of the
 * demo's public kind (`popug-<local part>`), so each can sign in and complete its tasks.
 */
export function benchHires(count: number): DemoLogin[] {
  return Array.from({ length: count }, (_, i) => {
    const local = `bench-worker${i + 1}`;
    return {
      email: `${local}@uberpopug.test`,
      password: `popug-${local}`,
      role: 'worker' as const,
      name: `Bench Worker ${i + 1}`,
    };
  });
}

/** People who take tasks, by Tasker's own rule (managers and admins never do). */
export const takersOf = (logins: readonly DemoLogin[]) =>
  logins.filter((login) => isAssignable({ active: true, role: login.role })).length;
