import * as z from '#events/zod';
import type { CallerState } from '#shared/auth/current-callers';
import { decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import { countsAsAdmin } from '../../domain/admin-invariant';
import type { UserStore } from '../../domain/ports';
import { emailKeyOf, type User, type UserWithCredentials } from '../../domain/user';

const ADMIN_COUNT = 'count';
const usersCursor = z.strictObject({ after: z.string().check(z.minLength(1)) });

/** Auth's user accounts in memory, guarded as the DynamoDB store guards them. */
export class MemoryUserAccountStore implements UserStore {
  readonly users = new MemoryTable<UserWithCredentials>('users');
  /** e-mail (lower-cased) → user id: what makes an e-mail unique. */
  readonly emails = new MemoryTable<{ user_id: string }>('emails');
  readonly activeAdmins = new MemoryTable<{ count: number }>('active_admins');

  async findById(id: string) {
    return this.users.get(id);
  }

  async findByEmail(email: string) {
    const guard = this.emails.get(emailKeyOf(email));
    return guard && this.users.get(guard.user_id);
  }

  async callerState(userId: string): Promise<CallerState | undefined> {
    const user = this.users.get(userId);
    return user && { active: user.active, role: user.role, revision: user.revision };
  }

  async list(page: { limit: number; cursor?: string }) {
    let after = '';
    if (page.cursor !== undefined) {
      const decoded = decodeCursor(page.cursor, usersCursor);
      if (!decoded) throw invalidCursor();
      after = decoded.after;
    }
    const byEmail = this.users
      .values()
      .map((user) => ({ user, key: emailKeyOf(user.email) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .filter(({ key }) => key > after);
    const shown = byEmail.slice(0, page.limit);
    // As a DynamoDB query with a Limit: a full page says where it ended, even if nothing follows.
    const last = shown.length === page.limit ? shown.at(-1) : undefined;
    return {
      users: shown.map(({ user }) => user as User),
      nextCursor: last && encodeCursor({ after: last.key }),
    };
  }

  created(changes: Changes, user: UserWithCredentials): void {
    changes.write(
      this.users.put(user.id, user, { when: (stored) => stored === undefined }),
      this.emails.put(
        emailKeyOf(user.email),
        { user_id: user.id },
        { guard: 'email_is_free', when: (stored) => stored === undefined },
      ),
    );
  }

  updated(changes: Changes, user: User, expectedRevision: number): void {
    changes.write(
      this.users.update(user.id, (stored) => ({ ...stored!, ...user }), {
        guard: 'user_unchanged',
        when: (stored) => stored?.revision === expectedRevision,
      }),
    );
  }

  callerStillMayAct(changes: Changes, callerId: string, roles: readonly string[]): void {
    changes.write(
      this.users.check(
        callerId,
        (caller) => caller !== undefined && caller.active && roles.includes(caller.role),
        'caller_may_act',
      ),
    );
  }

  async activeAdminsMoved(changes: Changes, delta: -1 | 0 | 1): Promise<void> {
    if (delta === 0) return;
    // As in DynamoDB: a store that never counted builds the count from its users first.
    if (!this.activeAdmins.has(ADMIN_COUNT))
      this.activeAdmins.seed(ADMIN_COUNT, {
        count: this.users.values().filter(countsAsAdmin).length,
      });
    changes.write(
      this.activeAdmins.update(ADMIN_COUNT, (stored) => ({ count: stored!.count + delta }), {
        guard: delta === -1 ? 'another_admin_remains' : undefined,
        when: (stored) => stored !== undefined && (delta === 1 || stored.count > 1),
      }),
    );
  }
}
