import type { TransactItem } from '#shared/dynamo';
import type { CurrentCallers } from '#shared/auth/current-callers';
import type { PendingEvent } from './events';
import type { KeyRing } from './key-ring';
import type { AttemptWindow } from './lockout';
import type { PublicKey, SigningKey } from './signing-key';
import type { TokenSettings } from './token';
import type { User, UserWithCredentials } from './user';

/**
 * What the use cases need from storage. store/ implements these against DynamoDB. Readers
 * return domain types; writers return the transaction items of one change, each condition
 * named after the rule it guards (domain/errors.ts `GUARD_REFUSALS`), and the use case hands
 * everything its command writes to `commit` at once.
 */
export interface UserStore extends CurrentCallers {
  findById(id: string): Promise<UserWithCredentials | undefined>;
  findByEmail(email: string): Promise<UserWithCredentials | undefined>;
  list(page: { limit: number; cursor?: string }): Promise<{ users: User[]; nextCursor?: string }>;
  /** The new user and its e-mail guard (`email_is_free`: no account has the e-mail, any case). */
  insertItems(user: UserWithCredentials): TransactItem[];
  /** The change (`user_unchanged`: the stored revision is still `expectedRevision`). */
  updateItems(user: User, expectedRevision: number): TransactItem[];
  /**
   * `caller_may_act`: the caller's own account is active and holds one of `roles` when the
   * transaction commits, not merely when the token was issued.
   */
  callerMayActItems(callerId: string, roles: readonly string[]): TransactItem[];
  /**
   * Moves the active-admin count by `delta`; lowering it is guarded by
   * `another_admin_remains`. Reads (and on first use builds) the counter, hence async.
   */
  activeAdminCountItems(delta: -1 | 0 | 1): Promise<TransactItem[]>;
}

export interface SigningKeyStore {
  /** Every stored key pair, any status (only the functions that sign may read them). */
  all(): Promise<SigningKey[]>;
  /** The public half of every stored key, any status: no private key is read. */
  publicKeys(): Promise<PublicKey[]>;
  /**
   * Writes a new generation, its pair and its public half together; false when that generation
   * already exists (someone else won).
   */
  insertIfAbsent(key: SigningKey): Promise<boolean>;
}

/** Either way, the window the attempt fell in. */
export type Reservation = { reserved: boolean; window: AttemptWindow };

export interface LoginAttemptStore {
  /**
   * Counts one attempt for the e-mail before its password is checked: atomically, so however
   * many arrive at once, at most `maxAttempts` are reserved per window. Refused once the
   * window's count is reached (with the window, to say when it ends).
   */
  reserve(
    emailKey: string,
    now: Date,
    policy: { maxAttempts: number; windowMs: number },
  ): Promise<Reservation>;
  /** A correct password hands its reservation back, if the window it was counted in stands. */
  release(emailKey: string, window: AttemptWindow): Promise<void>;
}

/** Commits one command's items as a transaction; a refused guard becomes its `AuthError`. */
export type CommitCommand = (items: readonly TransactItem[]) => Promise<void>;

export interface AuthDeps {
  users: UserStore;
  keyRing: KeyRing;
  loginAttempts: LoginAttemptStore;
  /** The outbox rows of a command's events, for the same transaction as its change. */
  outbox: (events: readonly PendingEvent[]) => TransactItem[];
  commit: CommitCommand;
  tokens: TokenSettings;
  clock: () => Date;
}
