import { closeChunkRequestedV1 } from '#events/accounting/accounting.close_chunk_requested.v1';
import { closeRequestedV1 } from '#events/accounting/accounting.close_requested.v1';
import { payoutMailsRequestedV1 } from '#events/accounting/accounting.payout_mails_requested.v1';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV1 } from '#events/tasker/task.created.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { factsOfTaskCreatedV2, upcastTaskCreatedV1 } from '#events/tasker/upcast-task-created';
import { signingKeyReactions } from '#shared/auth/signing-key-reactions';
import {
  createConsumerHandler,
  on,
  onAws,
  type AwsSubscription,
  type Subscription,
} from '#shared/consumer/consumer';
import { SES_DETAIL_TYPE } from '#shared/declaration';
import type { MailingDeps } from '../domain/ports';
import { MOVEMENT_IS_NEW } from '../store/movement-writes';
import { TASK_IS_NEW } from '../store/task-store';
import { chargeAssignmentFee } from '../use-cases/charge-assignment-fee';
import { learnUser } from '../use-cases/learn-user';
import { payCompletionReward } from '../use-cases/pay-completion-reward';
import { recordMailFeedback } from '../use-cases/record-mail-feedback';
import { recordTask } from '../use-cases/record-task';
import { runCloseChunk } from '../use-cases/run-close-chunk';
import { sendPayoutMails } from '../use-cases/send-payout-mails';
import { startClose } from '../use-cases/start-close';
import { accountingMailingDeps, accountingTable, accountingSigningKeys } from '../wiring';
import {
  feedbackOfBounce,
  feedbackOfComplaint,
  sesBounceDetail,
  sesComplaintDetail,
} from './ses-feedback';

const describedOnce = { markedBy: TASK_IS_NEW, idempotentByState: true } as const;

/**
 * A fee or a reward: its entry marks the event, and consecutive ones of a batch commit in one
 * transaction (the day's figures shard added to once, the events in one outbox row). In a group
 * the reaction's reads miss the group's pending writes; a read that leads to a write of the same
 * item (the account, always; the entry of an event twice in the batch; the price a first sight
 * rolls) sends it back to read after the group commits. The reads that may lead to no write:
 *  - the entry, found: it is committed, so the event was applied; not found while the group
 *    holds it: the reaction writes it again, and reads again;
 *  - the price, found: a price is set once (`price_is_new`) and never changes, so no pending
 *    write can make it stale; not found while the group rolled it: rolled and written again,
 *    and read again;
 *  - the first movement's date (`recordMovementDate`): written at once, outside the group, and
 *    it only moves earlier;
 *  - the day's figures are only added to, never read here.
 * Payouts come from close chunks, which commit alone (a page of accounts is its own unit).
 */
const movement = { markedBy: MOVEMENT_IS_NEW, groupCommit: true } as const;

/**
 * Accounting's one consumer · its queue (Tasker's and Auth's events, its own close chunks and
 * payout e-mails) · each reaction records its writes and events on `changes`; the consumer
 * commits them with the event's marker. This list is the one declaration of what Accounting
 * reacts to: `service.ts`'s subscriptions and each contract's `consumers` are held equal to it.
 */
export const accountingReactions = (deps: () => MailingDeps): Subscription[] => [
  // Auth's public signing keys, so Accounting's routes verify tokens without the JWKS route.
  ...signingKeyReactions(accountingSigningKeys),
  // A task is described once: its details item marks the event, and once it is there a
  // redelivery or replay reads it and writes nothing (the price, too, is set once).
  on(
    taskCreatedV1,
    ({ data, metadata }, changes) =>
      recordTask(deps(), upcastTaskCreatedV1(data, metadata), changes),
    describedOnce,
  ),
  on(
    taskCreatedV2,
    ({ data }, changes) => recordTask(deps(), factsOfTaskCreatedV2(data), changes),
    describedOnce,
  ),
  // The fee's and the reward's entry is keyed by the assignment or the task: their own marker.
  // A batch's fees and rewards commit together (`movement`, above, says why their reads hold).
  on(taskAssignedV1, ({ data }, changes) => chargeAssignmentFee(deps(), data, changes), movement),
  on(taskCompletedV1, ({ data }, changes) => payCompletionReward(deps(), data, changes), movement),
  ...[userCreatedV1, userUpdatedV1, userRoleChangedV1, userDeletedV1].map((contract) =>
    on(contract, ({ data }, changes) => learnUser(deps(), data, changes)),
  ),
  on(closeRequestedV1, ({ data }, changes) => startClose(deps(), data.date, changes)),
  on(closeChunkRequestedV1, ({ data }, changes) => runCloseChunk(deps(), data, changes)),
  on(payoutMailsRequestedV1, ({ data }, changes) => sendPayoutMails(deps(), data, changes)),
];

/**
 * SES's own events, from the default bus (its configuration set's event destination): a bounce
 * or complaint suppresses the address. `service.ts`'s `awsSubscriptions` are held equal to these.
 */
export const accountingAwsReactions = (deps: () => MailingDeps): AwsSubscription[] => [
  onAws('aws.ses', SES_DETAIL_TYPE.BOUNCE, sesBounceDetail, ({ detail }, changes) =>
    recordMailFeedback(deps(), feedbackOfBounce(detail), changes),
  ),
  onAws('aws.ses', SES_DETAIL_TYPE.COMPLAINT, sesComplaintDetail, ({ detail }, changes) =>
    recordMailFeedback(deps(), feedbackOfComplaint(detail), changes),
  ),
];

/** Accounting's queue · the events above · each applied once, failures retried. */
export const makeAccountingConsumer = (deps: () => MailingDeps) =>
  createConsumerHandler({
    domain: 'accounting',
    tableName: accountingTable,
    subscriptions: accountingReactions(deps),
    awsSubscriptions: accountingAwsReactions(deps),
  });

export const handler = makeAccountingConsumer(accountingMailingDeps);
