const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Every key of Accounting's table, in one place (docs/accounting.md has the same table).
 *
 * | item          | pk / sk                          | gsi1pk / gsi1sk                        |
 * |---------------|----------------------------------|----------------------------------------|
 * | account       | ACCOUNT#<user> / ACCOUNT         | gsi3: LANE#<lane> / <user> (close walk)|
 * |               | (before gsi3, old data only:)    | ACCOUNTS#<lane> / <user>               |
 * | ledger entry  | ACCOUNT#<user> / ENTRY#<entry>   | LEDGER#<user>#<date> / <at>#<entry>    |
 * |               | (a fee or reward, also gsi2:)    | gsi2: TASK#<task> / <at>#<entry>       |
 * | task details  | TASK#<task> / TASK               |                                        |
 * | price         | TASK#<task> / PRICE              |                                        |
 * | task movement | TASK#<task> / MOVE#<at>#<entry>  | (old data only: no longer written)     |
 * | day figures   | FIGURES#<date> / SHARD#<nn>      |                                        |
 * | close         | CLOSE#<date> / CLOSE             | CLOSES / <date> (the closed days list) |
 * | close lane    | CLOSE#<date> / LANE#<nn>         |                                        |
 * | payout e-mail | MAIL#<payout entry> / MAIL       |                                        |
 * | first movement| LEDGER / FIRST_MOVEMENT          |                                        |
 * | latest close  | CLOSES / LATEST                  |                                        |
 * | suppression   | SUPPRESSIONS / EMAIL#<address>   |                                        |
 */
/** The sort key prefix of an account's entries: its ledger is one range of its partition. */
export const ENTRY = 'ENTRY#';
/**
 * The sort key prefix of a task's movement lines: written with each fee and reward until the
 * task index replaced them, still read so the movements of that time stay in the history.
 */
export const TASK_MOVEMENT = 'MOVE#';

export const keys = {
  account: (userId: string) => ({ pk: `ACCOUNT#${userId}`, sk: 'ACCOUNT' }),
  entry: (userId: string, entryId: string) => ({
    pk: `ACCOUNT#${userId}`,
    sk: `${ENTRY}${entryId}`,
  }),
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  price: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'PRICE' }),
  /** An old movement line of a task (no longer written; see TASK_MOVEMENT). */
  taskMovement: (taskId: string, at: string, entryId: string) => ({
    pk: `TASK#${taskId}`,
    sk: `${TASK_MOVEMENT}${taskIndex.sk(at, entryId)}`,
  }),
  figures: (date: string, shard: number) => ({ pk: `FIGURES#${date}`, sk: `SHARD#${pad(shard)}` }),
  close: (date: string) => ({ pk: `CLOSE#${date}`, sk: 'CLOSE' }),
  closeLane: (date: string, lane: number) => ({ pk: `CLOSE#${date}`, sk: `LANE#${pad(lane)}` }),
  mail: (payoutId: string) => ({ pk: `MAIL#${payoutId}`, sk: 'MAIL' }),
  firstMovement: { pk: 'LEDGER', sk: 'FIRST_MOVEMENT' },
  latestClose: { pk: 'CLOSES', sk: 'LATEST' },
  /** Every suppressed address in one partition: bounces are rare, and an admin lists them all. */
  suppression: (email: string) => ({ pk: SUPPRESSIONS, sk: `${SUPPRESSED_EMAIL}${email}` }),
};

export const SUPPRESSIONS = 'SUPPRESSIONS';
export const SUPPRESSED_EMAIL = 'EMAIL#';

export const INDEX = 'gsi1';

/**
 * Accounts by close lane: the close walks each lane in user-id order, the people list reads
 * every lane. Its keys are written when an account is first learned or first moved and never
 * changed, and it copies only what the people list shows (name, role, active, which only a
 * user snapshot changes): a balance update writes nothing to it.
 */
export const LANE_INDEX = 'gsi3';
export const laneIndex = {
  pk: (lane: number) => `LANE#${pad(lane)}`,
  projected: ['name', 'role', 'active'],
} as const;

/**
 * Where accounts written before the lane index kept their lane: `gsi1`, which copies every
 * attribute, so each of their balance updates still writes it until `npm run move-lanes` moves
 * them (docs/accounting.md, deploy notes). Read beside the lane index until then.
 */
export const oldLaneIndex = {
  pk: (lane: number) => `ACCOUNTS#${pad(lane)}`,
};

/**
 * A task's fees and reward in time order (the task page's history): only fee and reward entries
 * carry these keys (a sparse index), and it copies only what the history shows of them, so an
 * entry's copy stays far below 1 KB (one index write unit).
 */
export const TASK_INDEX = 'gsi2';
export const taskIndex = {
  pk: (taskId: string) => `TASK#${taskId}`,
  sk: (at: string, entryId: string) => `${at}#${entryId}`,
  projected: ['entry_id', 'user_id', 'kind', 'amount_cents', 'at'],
} as const;

/** One account's entries of one business day, newest first. */
export const ledgerIndex = {
  pk: (userId: string, date: string) => `LEDGER#${userId}#${date}`,
  sk: (at: string, entryId: string) => `${at}#${entryId}`,
};

/** Figures of a day are spread over this many items so a busy day does not hot-spot one. */
export const FIGURE_SHARDS = 8;

/** Every close, by date: one partition, one item a day, read newest first a page at a time. */
export const closesIndex = {
  pk: 'CLOSES',
  sk: (date: string) => date,
};
