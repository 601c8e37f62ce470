import type { KeyRing } from './key-ring';
import type { PendingEvent } from './events';
import type { FailureWindow } from './lockout';
import type { SigningKey } from './signing-key';
import type { User, UserWithCredentials } from './user';

/**
 * What the use cases need from storage. store/ implements these against DynamoDB; every write
 * takes the events it must publish and writes them in the same transaction.
 */
export interface UserStore {
  /** Fails with `duplicate_email` when the e-mail (any case) already has an account. */
  insert(user: UserWithCredentials, events: readonly PendingEvent[]): Promise<void>;
  findById(id: string): Promise<UserWithCredentials | undefined>;
  findByEmail(email: string): Promise<UserWithCredentials | undefined>;
  /** Fails with `concurrent_change` unless the stored revision is still `expectedRevision`. */
  update(user: User, expectedRevision: number, events: readonly PendingEvent[]): Promise<void>;
  list(page: { limit: number; cursor?: string }): Promise<{ users: User[]; nextCursor?: string }>;
}

export interface SigningKeyStore {
  /** Every stored key, any status. */
  all(): Promise<SigningKey[]>;
  /** Writes a new generation; false when that generation already exists (someone else won). */
  insertIfAbsent(key: SigningKey): Promise<boolean>;
}

export interface LoginAttemptStore {
  failureWindow(emailKey: string): Promise<FailureWindow | undefined>;
  /** Counts one failure (opening a new window if the last one ended) and writes its events. */
  recordFailure(
    emailKey: string,
    now: Date,
    windowMs: number,
    events: readonly PendingEvent[],
  ): Promise<void>;
  /** A refusal that does not count (the e-mail is already locked out): events only. */
  recordRefusal(events: readonly PendingEvent[]): Promise<void>;
  /** A successful sign-in clears the failures and writes its events. */
  recordSuccess(emailKey: string, events: readonly PendingEvent[]): Promise<void>;
}

export interface AuthDeps {
  users: UserStore;
  keyRing: KeyRing;
  loginAttempts: LoginAttemptStore;
  tokens: { issuer: string; audience: string; ttlSeconds: number };
  clock: () => Date;
}
