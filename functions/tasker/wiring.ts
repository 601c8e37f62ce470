import { domainHttpHandler } from '#shared/http/handler';
import { randomUUID } from 'node:crypto';
import type { TaskerDeps } from './domain/ports';
import { cryptoRandomInt } from '#shared/random';
import { SHUFFLE_CHUNK_SIZE } from './domain/shuffle-job';
import { tableName } from './store/keys';
import { DynamoPeopleDirectory } from './store/people-directory';
import { DynamoPriceStore } from './store/price-store';
import { DynamoShuffleJobStore } from './store/shuffle-job-store';
import { DynamoShuffleLaneStore } from './store/shuffle-lane-store';
import { DynamoShuffleMoveStore } from './store/shuffle-move-store';
import { DynamoTaskStore } from './store/task-store';
import { DynamoUserStore } from './store/user-store';

/**
 * Tasker's use cases wired to DynamoDB (the table named by TASKER_TABLE), the wall clock and
 * unpredictable randomness. `overrides` is for tests: a seeded `random`, a fixed clock, a store
 * wrapped to inject a fault.
 */
export function buildTaskerDeps(overrides: Partial<TaskerDeps> = {}): TaskerDeps {
  const table = tableName();
  return {
    tasks: new DynamoTaskStore(table),
    people: new DynamoPeopleDirectory(table),
    prices: new DynamoPriceStore(table),
    users: new DynamoUserStore(table),
    jobs: new DynamoShuffleJobStore(table),
    lane: new DynamoShuffleLaneStore(table),
    moves: new DynamoShuffleMoveStore(table),
    clock: () => new Date(),
    random: cryptoRandomInt,
    newId: randomUUID,
    config: { shuffleChunkSize: SHUFFLE_CHUNK_SIZE },
    ...overrides,
  };
}

let deps: TaskerDeps | undefined;

/** The composition root, built once per process so a warm Lambda reuses it. */
export const taskerDeps = (): TaskerDeps => (deps ??= buildTaskerDeps());

/**
 * `httpHandler` for Tasker's routes: a token is refused once Tasker's user replica knows its
 * user was deactivated or given another role at the token's revision or later (issue 9).
 */
export const taskerHttpHandler = (deps: () => TaskerDeps = taskerDeps) =>
  domainHttpHandler({ callers: () => ({ callerState: (userId) => deps().users.find(userId) }) });
