import type { CurrentCallers } from '#shared/auth/current-callers';
import type { Changes, UnitOfWork } from '#shared/unit-of-work/changes';
import type { KeyRing } from './key-ring';
import type { AttemptWindow } from './lockout';
import type { PasswordCost } from './password';
import type { PublicKey, SigningKey } from './signing-key';
import type { TokenSettings } from './token';
import type { User, UserWithCredentials } from './user';

/**
 * What the use cases need from storage. store/ implements these against DynamoDB and
 * store/memory/ in memory. Readers return domain types; writers record one change on the
 * use case's `Changes`, each condition named after the rule it guards (domain/errors.ts
 * `GUARD_REFUSALS`), and the use case commits everything its command writes at once.
 */
export interface UserStore extends CurrentCallers {
  findById(id: string): Promise<UserWithCredentials | undefined>;
  findByEmail(email: string): Promise<UserWithCredentials | undefined>;
  /** One page by e-mail; a cursor this store did not hand out is `invalidCursor()`. */
  list(page: { limit: number; cursor?: string }): Promise<{ users: User[]; nextCursor?: string }>;
  /** The new user and its e-mail guard. Guard `email_is_free`: no account has the e-mail, any case. */
  created(changes: Changes, user: UserWithCredentials): void;
  /** The changed user. Guard `user_unchanged`: the stored revision is still `expectedRevision`. */
  updated(changes: Changes, user: User, expectedRevision: number): void;
  /**
   * Guard `caller_may_act`: the caller's own account is active and holds one of `roles` when
   * the unit commits, not merely when the token was issued. Writes nothing.
   */
  callerStillMayAct(changes: Changes, callerId: string, roles: readonly string[]): void;
  /**
   * Moves the active-admin count by `delta`. Guard `another_admin_remains` when lowering it.
   * Reads (and on first use builds) the counter, hence async.
   */
  activeAdminsMoved(changes: Changes, delta: -1 | 0 | 1): Promise<void>;
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
  /**
   * Marks an active key retired, its pair and its public half together, and tells every key
   * replica; false when it was retired already.
   */
  retire(key: PublicKey): Promise<boolean>;
}

/** Either way, the window the attempt fell in. */
export type AttemptReservation = { reserved: boolean; window: AttemptWindow };

/**
 * Not written through the unit of work on purpose: each count is one conditional write of its
 * own, so parallel sign-ins queue on one item instead of cancelling each other's transactions,
 * and a count stands even when the sign-in it guards fails afterwards.
 */
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
  ): Promise<AttemptReservation>;
  /** A correct password hands its reservation back, if the window it was counted in stands. */
  release(emailKey: string, window: AttemptWindow): Promise<void>;
}

export interface AuthDeps {
  users: UserStore;
  keyRing: KeyRing;
  loginAttempts: LoginAttemptStore;
  /** Commits a command's changes and events as one transaction; refusals from GUARD_REFUSALS. */
  unitOfWork: UnitOfWork;
  /** scrypt's cost for new hashes and the unknown-user dummy: production's, or a cheap one in tests. */
  passwordCost: PasswordCost;
  tokens: TokenSettings;
  clock: () => Date;
}
