import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import { taskCreatedV1 } from '#events/tasker/task.created.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { signingKeyReactions } from '#shared/auth/signing-key-reactions';
import { createConsumerHandler, on } from '#shared/consumer/consumer';
import { taskCreatedOf } from '../domain/task-created';
import type { AnalyticsDeps } from '../domain/ports';
import { MOVEMENT_NOT_COUNTED_YET } from '../store/earnings-store';
import { recordCallerState } from '../use-cases/record-caller-state';
import { recordMovement } from '../use-cases/record-movement';
import { recordTaskCreated } from '../use-cases/record-task-created';
import { analyticsDeps, analyticsTableName, analyticsSigningKeys } from '../wiring';

const byState = { idempotentByState: true } as const;
const movement = { markedBy: MOVEMENT_NOT_COUNTED_YET, groupCommit: true } as const;

/**
 * Analytics' one list of what it hears (service.ts's subscriptions and each contract's
 * `consumers` say the same): every fact it keeps comes from these events, and only from them.
 */
export const analyticsReactions = (deps: () => AnalyticsDeps) => [
  // Auth's public signing keys, so Analytics's routes verify tokens without the JWKS route.
  ...signingKeyReactions(analyticsSigningKeys),
  ...[userCreatedV1, userUpdatedV1, userRoleChangedV1, userDeletedV1].map((contract) =>
    on(contract, ({ data }, changes) => recordCallerState(deps(), changes, data)),
  ),
  // A task's fact keeps its title, set once under a version lock: idempotent by its state, no
  // marker. Its reward and completion come with `account.rewarded`, below.
  on(
    taskCreatedV1,
    ({ data, metadata }, changes) =>
      recordTaskCreated(deps(), changes, taskCreatedOf.v1(data, metadata), metadata.event_id),
    byState,
  ),
  on(
    taskCreatedV2,
    ({ data, metadata }, changes) =>
      recordTaskCreated(deps(), changes, taskCreatedOf.v2(data), metadata.event_id),
    byState,
  ),
  // A movement's fact is keyed by Accounting's transaction: it is the event's own marker. A
  // reward also ranks its task (the day's most expensive), in the same transaction. A batch's
  // movements commit together: their day's shares merge into one add (record-movement.ts says
  // why its reads hold in a group).
  on(
    accountFinedV1,
    ({ data }, changes) => recordMovement(deps(), changes, 'fine', data),
    movement,
  ),
  on(
    accountRewardedV1,
    ({ data }, changes) => recordMovement(deps(), changes, 'reward', data),
    movement,
  ),
  on(
    accountPaidV1,
    ({ data }, changes) => recordMovement(deps(), changes, 'payout', data),
    movement,
  ),
];

/** The consumer on `deps` and `tableName` (a test's fresh table), by default the wiring's. */
export const makeAnalyticsConsumer = (
  deps: () => AnalyticsDeps = analyticsDeps,
  tableName: () => string = analyticsTableName,
) =>
  createConsumerHandler({
    domain: 'analytics',
    tableName,
    subscriptions: analyticsReactions(deps),
    // Their reward and completion now come with `account.rewarded`; a copy still queued when the
    // subscription ended changes nothing.
    unsubscribed: [taskPricedV1, taskCompletedV1],
  });

export const handler = makeAnalyticsConsumer();
