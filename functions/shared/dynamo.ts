import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { traced } from './tracer';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { BudgetedRetryStrategy } from './budgeted-retries';
import { slicesOf } from './slices';
import { ConditionsFailed, MAX_TRANSACTION_ITEMS } from './unit-of-work/commit-errors';
import { retryFits } from './time/invocation-budget';
import { pause, racePause, racePauseMs } from './time/pause';

/**
 * Tries per request, the first included. A throttled read or write (`ThrottlingException`,
 * `ProvisionedThroughputExceededException`) is retried by the SDK's standard strategy: a 1 s
 * base for throttling (`Retry.throttlingDelay()`), doubling with full jitter, so the five retries
 * wait about 15 s on average and at most 31 s (1 + 2 + 4 + 8 + 16, under the 20 s cap) — within
 * every queue consumer's timeout, and a
 * table throttled longer than that fails the invocation rather than hold it (the SDK's default
 * of 3 tries gives up after about 1.5 s, well before an on-demand table has doubled its capacity).
 * No retry is made that would end too near the invocation's deadline (BudgetedRetryStrategy):
 * an HTTP function with 10 s answers its throttling as a 429 rather than time out mid-backoff.
 */
export const DYNAMO_MAX_ATTEMPTS = 6;

/** One client per process, reused across invocations. Endpoint from AWS_ENDPOINT_URL_DYNAMODB. */
export const documentClient = DynamoDBDocumentClient.from(
  traced(new DynamoDBClient({ retryStrategy: new BudgetedRetryStrategy(DYNAMO_MAX_ATTEMPTS) })),
  { marshallOptions: { removeUndefinedValues: true } },
);

type SdkTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One write of a transaction. `guard` names the rule its condition stands for
 * (`'task_is_open'`), so a refused commit says which rule refused instead of an item index.
 */
export type TransactItem = SdkTransactItem & { readonly guard?: string };

export { ConditionsFailed, MAX_TRANSACTION_ITEMS } from './unit-of-work/commit-errors';

/** Attach a guard name to a transaction item (store writers use it on every conditional item). */
export const guarded = <T extends SdkTransactItem>(guard: string, item: T): T & TransactItem => ({
  ...item,
  guard,
});

/**
 * How often a transaction cancelled by a conflict is sent again. A cancelled transaction wrote
 * nothing, so sending the same items again is the same request made a moment later.
 */
export const CONFLICT_ATTEMPTS = 4;

/**
 * How often a transaction cancelled for capacity (a `ThrottlingError` or
 * `ProvisionedThroughputExceeded` reason) is sent again. The SDK does not retry a
 * TransactionCanceledException, whatever its reasons, so this does, with the SDK's own
 * throttling backoff shape (doubling, jittered, capped at 4 s): about 27 s in all, never past
 * the invocation's budget. Six tries (8 s) were not enough under the on-demand model: a large
 * transaction starved behind small writes on a busy table (local/on-demand.ts,
 * close-on-demand.int.test.ts).
 */
export const THROTTLED_TRANSACTION_ATTEMPTS = 12;

/**
 * Commit items as one transaction (one item alone: a single conditional write). A refusal by conditions becomes {@link ConditionsFailed}
 * naming each failed guard. A conflict with another transaction on the same item (DynamoDB
 * cancels both sides' overlap rather than queue them) is retried a few times before it is
 * rethrown, and one cancelled because the table was over capacity is retried with backoff (see
 * THROTTLED_TRANSACTION_ATTEMPTS, and only while the invocation has time for it); any other error (validation) is rethrown as it is.
 */
export async function commit(items: readonly TransactItem[], token?: string): Promise<void> {
  if (items.length === 0) return;
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw new Error(
      `a transaction holds at most ${MAX_TRANSACTION_ITEMS} items; this one has ${items.length}`,
    );
  }
  const [only] = items;
  const send =
    items.length === 1 && token === undefined && !only!.ConditionCheck
      ? writeAlone(only!)
      : transactWrite(items, token);
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return;
    } catch (error) {
      const guards = failedGuards(items, error);
      if (guards) throw new ConditionsFailed(guards, { cause: error });
      if (isTransactionThrottled(error) && attempt < THROTTLED_TRANSACTION_ATTEMPTS) {
        const wait = racePauseMs(attempt, 250, 4000);
        if (retryFits(wait)) {
          await pause(wait);
          continue;
        }
        throw error;
      }
      if (!isTransactionConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
      await racePause(attempt, 20, 200);
    }
  }
}

/**
 * One item on its own needs no transaction: the same write as a conditional PutItem, UpdateItem or
 * DeleteItem is as atomic, and on-demand bills it half (one write unit per KB, where every item
 * of a transaction is two). A refused condition is the same {@link ConditionsFailed}
 * (failedGuards); an item held by another transaction at that moment
 * (TransactionConflictException) is tried again like a cancelled transaction's conflict.
 */
function writeAlone({ guard: _guard, ...item }: TransactItem): () => Promise<unknown> {
  if (item.Put) return () => documentClient.send(new PutCommand(item.Put!));
  if (item.Update) return () => documentClient.send(new UpdateCommand(item.Update!));
  return () => documentClient.send(new DeleteCommand(item.Delete!));
}

function transactWrite(items: readonly TransactItem[], token?: string): () => Promise<unknown> {
  const command = new TransactWriteCommand({
    TransactItems: items.map(({ guard: _guard, ...item }) => item),
    ClientRequestToken: token,
  });
  return () => documentClient.send(command);
}

function failedGuards(items: readonly TransactItem[], error: unknown): string[] | undefined {
  // Only a write alone (writeAlone) is refused this way; a transaction is cancelled instead.
  if (error instanceof ConditionalCheckFailedException) return [items[0]?.guard ?? 'unnamed'];
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const guards = (error.CancellationReasons ?? []).flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed' ? [items[index]?.guard ?? 'unnamed'] : [],
  );
  return guards.length > 0 ? guards : undefined;
}

export { daysFrom, epochSeconds } from './time/epoch';

/**
 * A transaction cancelled because another transaction held one of its items at that moment
 * (no condition failed): reading again and retrying may succeed.
 */
export const isTransactionConflict = (error: unknown): boolean =>
  // A single write to an item a transaction holds is refused with an exception of its own.
  error instanceof TransactionConflictException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict'));

/** Capacity reasons DynamoDB gives for cancelling a transaction (TransactWriteItems API). */
const THROTTLE_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);

/** A transaction cancelled because the table or index was over its capacity: wrote nothing. */
export const isTransactionThrottled = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => THROTTLE_REASONS.has(reason.Code ?? ''));

export type ItemKey = { pk: string; sk: string };
type Item = Record<string, unknown>;
/** BatchGetItem takes at most 100 keys a call. */
const BATCH_GET_LIMIT = 100;

/**
 * Many items by key, 100 keys per call, the calls side by side. Keys BatchGetItem hands back
 * unread (throttling, its 16 MB limit) are asked for again, so a missing item really is missing.
 */
export async function batchGet(
  table: string,
  keys: readonly ItemKey[],
  options: { consistent: boolean },
): Promise<Item[]> {
  // BatchGetItem refuses a call that names one key twice (a ValidationException): once is enough.
  const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  const batches = slicesOf(unique, BATCH_GET_LIMIT);
  const pages = await Promise.all(batches.map((batch) => getBatch(table, batch, options)));
  return pages.flat();
}

/** The item of `items` (a `batchGet`'s answer, in no particular order) stored under `key`. */
export const itemAt = (items: readonly Item[], key: ItemKey): Item | undefined =>
  items.find((item) => item.pk === key.pk && item.sk === key.sk);

async function getBatch(
  table: string,
  batch: ItemKey[],
  { consistent }: { consistent: boolean },
): Promise<Item[]> {
  const found: Item[] = [];
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} keys unread`);
    if (attempt > 0) await pause(20 * 2 ** attempt);
    const { Responses, UnprocessedKeys } = await documentClient.send(
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } },
      }),
    );
    found.push(...(Responses?.[table] ?? []));
    pending = (UnprocessedKeys?.[table]?.Keys as ItemKey[] | undefined) ?? [];
  }
  return found;
}
