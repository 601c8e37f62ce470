import { randomUUID } from 'node:crypto';
import { requiredEnv } from '#shared/config';
import { signingKeyReplicaIn } from '#shared/auth/signing-key-replica-store';
import { domainHttpHandler } from '#shared/http/handler';
import { cryptoRandomInt } from '#shared/random';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { GUARD_REFUSALS } from './domain/errors';
import type { TaskerDeps } from './domain/ports';
import { SHUFFLE_CHUNK_SIZE } from './domain/shuffle-job';
import { DynamoAssigneeDirectory } from './store/assignee-directory';
import { DynamoPriceStore } from './store/price-store';
import { DynamoShuffleJobStore } from './store/shuffle-job-store';
import { DynamoShuffleLaneStore } from './store/shuffle-lane-store';
import { DynamoShuffleMoveStore } from './store/shuffle-move-store';
import { DynamoTaskStore } from './store/task-store';
import { DynamoUserReplicaStore } from './store/user-replica-store';

/** Tasker's one table, named by TASKER_TABLE: the only environment Tasker reads. */
export const taskerTableName = () => requiredEnv('TASKER_TABLE');

/**
 * Tasker's use cases wired to DynamoDB (the table named by TASKER_TABLE), the wall clock and
 * unpredictable randomness. `overrides` is for tests: a seeded `random`, a fixed clock, a store
 * wrapped to inject a fault.
 */
export function buildTaskerDeps(overrides: Partial<TaskerDeps> = {}): TaskerDeps {
  const table = taskerTableName();
  return {
    unitOfWork: new DynamoUnitOfWork({ tableName: table, refusals: GUARD_REFUSALS }),
    tasks: new DynamoTaskStore(table),
    people: new DynamoAssigneeDirectory(table),
    prices: new DynamoPriceStore(table),
    users: new DynamoUserReplicaStore(table),
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

/** Tasker's copy of Auth's public signing keys, kept by its consumer, read by its routes. */
export const taskerSigningKeys = /* @__PURE__ */ signingKeyReplicaIn(taskerTableName);

/**
 * The builder of Tasker's authenticated routes: a token is refused once Tasker's user replica
 * knows its user was deactivated or given another role at the token's revision or later.
 */
export const taskerHttp = /* @__PURE__ */ domainHttpHandler({
  callers: () => taskerDeps().users,
  signingKeys: taskerSigningKeys,
});
