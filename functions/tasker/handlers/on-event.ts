import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import { createConsumerHandler, on } from '#shared/consumer/consumer';
import { cryptoRandomInt, type RandomInt } from '../domain/random';
import { tableName } from '../store/table';
import { applyPrice } from '../use-cases/apply-price';
import { applyUserSnapshot } from '../use-cases/apply-user-snapshot';
import { processShuffleChunk } from '../use-cases/shuffle-chunk';
import { onShuffleRequested } from '../use-cases/start-shuffle';

/**
 * Tasker's one consumer: the users replica (every CUD event is a full snapshot), prices from
 * Accounting, and its own reshuffle chunks. Built with its randomness injected for tests.
 */
export const makeTaskerConsumer = (random: RandomInt) =>
  createConsumerHandler({
    tableName,
    subscriptions: [
      on(userCreatedV1, ({ data }) => applyUserSnapshot(data)),
      on(userUpdatedV1, ({ data }) => applyUserSnapshot(data)),
      on(userRoleChangedV1, ({ data }) => applyUserSnapshot(data)),
      on(userDeletedV1, ({ data }) => applyUserSnapshot(data)),
      on(taskPricedV1, ({ data }) => applyPrice(data)),
      on(shuffleRequestedV1, ({ metadata }) =>
        onShuffleRequested({ correlationId: metadata.correlation_id }),
      ),
      on(shuffleChunkRequestedV1, ({ data, metadata }) =>
        processShuffleChunk(data, random, { correlationId: metadata.correlation_id }),
      ),
    ],
  });

export const handler = makeTaskerConsumer(cryptoRandomInt);
