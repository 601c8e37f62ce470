import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV1 } from '#events/tasker/task.created.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { createConsumerHandler, on } from '#shared/consumer/consumer';
import { tableName } from '../store/keys';
import { recordMovement } from '../use-cases/record-movement';
import { recordTaskPiece } from '../use-cases/record-task-piece';
import { pieceOf } from '../use-cases/task-pieces';
import { analyticsDeps } from '../wiring';

/** Analytics' one consumer: every fact it keeps comes from these events, and only from them. */
export const handler = createConsumerHandler({
  domain: 'analytics',
  tableName,
  subscriptions: [
    on(taskCreatedV1, ({ data, metadata }) =>
      recordTaskPiece(analyticsDeps(), pieceOf.createdV1(data, metadata)),
    ),
    on(taskCreatedV2, ({ data }) => recordTaskPiece(analyticsDeps(), pieceOf.createdV2(data))),
    on(taskPricedV1, ({ data }) => recordTaskPiece(analyticsDeps(), pieceOf.priced(data))),
    on(taskCompletedV1, ({ data }) =>
      recordTaskPiece(analyticsDeps(), pieceOf.completed(data, analyticsDeps().timeZone)),
    ),
    on(accountFinedV1, ({ data }) => recordMovement(analyticsDeps(), 'fine', data)),
    on(accountRewardedV1, ({ data }) => recordMovement(analyticsDeps(), 'reward', data)),
    on(accountPaidV1, ({ data }) => recordMovement(analyticsDeps(), 'payout', data)),
  ],
});
