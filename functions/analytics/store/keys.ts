import type { BusinessDate } from '#shared/time/business-day';

/**
 * Every key of Analytics' table, in one place.
 *  - task fact        TASK#<id> / FACT               one per task, pieces merged as they arrive
 *  - day's top task   DAY_TOPS / <date>              one partition: a range is one Query
 *  - movement fact    MOVEMENT#<transaction> / FACT  one per Accounting movement counted
 *  - day's earnings   EARNINGS#<date> / SHARD#<n>    fees and rewards, spread over shards
 *  - account days     ACCOUNT#<id> / DAYS            end-of-day balances; optimistic-lock version
 *  - negative deltas  NEGATIVE_BALANCES / <date>     change of the negative-account count
 *  - caller replica   USER#<id> / REPLICA            a user's role, active, revision (from Auth)
 */
export const keys = {
  taskFact: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'FACT' }),
  dayTopsPk: 'DAY_TOPS',
  dayTop: (date: BusinessDate) => ({ pk: 'DAY_TOPS', sk: date }),
  movement: (transactionId: string) => ({ pk: `MOVEMENT#${transactionId}`, sk: 'FACT' }),
  earningsPk: (date: BusinessDate) => `EARNINGS#${date}`,
  earningsShard: (date: BusinessDate, shard: number) => ({
    pk: `EARNINGS#${date}`,
    sk: `SHARD#${shard}`,
  }),
  accountDays: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'DAYS' }),
  negativeDeltasPk: 'NEGATIVE_BALANCES',
  negativeDelta: (date: BusinessDate) => ({ pk: 'NEGATIVE_BALANCES', sk: date }),
  callerReplica: (userId: string) => ({ pk: `USER#${userId}`, sk: 'REPLICA' }),
};

/** Conditions, named by what they mean. */
export const conditions = {
  keyDoesNotExist: 'attribute_not_exists(pk)',
  versionIsStill: '#version = :readVersion',
  rankIsLower: '#rank < :rank',
};

/**
 * The optimistic lock of an item that carries `version`: a new item must still be absent, a
 * stored one must still be at the version it was read at (0 means "read as absent").
 */
export const versionLock = (readVersion: number) =>
  readVersion === 0
    ? { ConditionExpression: conditions.keyDoesNotExist }
    : {
        ConditionExpression: conditions.versionIsStill,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':readVersion': readVersion },
      };
