import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import { createConsumerHandler, on } from '#shared/consumer/consumer';
import { tableName } from '../store/keys';
import { applyPrice } from '../use-cases/apply-price';
import { applyUserSnapshot } from '../use-cases/apply-user-snapshot';
import { processShuffleChunk } from '../use-cases/shuffle-chunk';
import { onShuffleRequested } from '../use-cases/start-shuffle';
import { taskerDeps } from '../wiring';

/** Tasker's queue · its subscriptions · the users replica, prices, its own reshuffle chunks. */
export const makeTaskerConsumer = (deps = taskerDeps) =>
  createConsumerHandler({
    tableName,
    subscriptions: [
      ...[userCreatedV1, userUpdatedV1, userRoleChangedV1, userDeletedV1].map((contract) =>
        on(contract, ({ data }) => applyUserSnapshot(deps(), data)),
      ),
      on(taskPricedV1, ({ data }) => applyPrice(deps(), data)),
      on(shuffleRequestedV1, ({ metadata }) =>
        onShuffleRequested(deps(), { correlationId: metadata.correlation_id }),
      ),
      on(shuffleChunkRequestedV1, ({ data, metadata }) =>
        processShuffleChunk(deps(), data, { correlationId: metadata.correlation_id }),
      ),
    ],
  });

export const handler = makeTaskerConsumer();
