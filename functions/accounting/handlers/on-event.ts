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
import { createConsumerHandler, on } from '#shared/consumer/consumer';
import type { MailingDeps } from '../domain/ports';
import { SesMailer } from '../store/ses-mailer';
import { tableName } from '../store/keys';
import { chargeAssignmentFee } from '../use-cases/charge-assignment-fee';
import { closeChunk } from '../use-cases/close-chunk';
import { learnUser } from '../use-cases/learn-user';
import { payCompletionReward } from '../use-cases/pay-completion-reward';
import { recordTask } from '../use-cases/record-task';
import { sendPayoutMails } from '../use-cases/send-payout-mails';
import { startClose } from '../use-cases/start-close';
import { mailInstances } from '../sender';
import { accountingDeps } from '../wiring';

/**
 * Accounting's one consumer · its queue (Tasker's and Auth's events, its own close chunks and
 * payout e-mails) · reactions return their writes; the event's marker commits with them.
 */
export const makeAccountingConsumer = (deps: () => MailingDeps) =>
  createConsumerHandler({
    domain: 'accounting',
    tableName,
    subscriptions: [
      on(taskCreatedV1, ({ data, metadata }) =>
        recordTask(deps(), upcastTaskCreatedV1(data, metadata), ctx(metadata)),
      ),
      on(taskCreatedV2, ({ data, metadata }) =>
        recordTask(deps(), factsOfTaskCreatedV2(data), ctx(metadata)),
      ),
      on(taskAssignedV1, ({ data, metadata }) => chargeAssignmentFee(deps(), data, ctx(metadata))),
      on(taskCompletedV1, ({ data, metadata }) => payCompletionReward(deps(), data, ctx(metadata))),
      ...[userCreatedV1, userUpdatedV1, userRoleChangedV1, userDeletedV1].map((contract) =>
        on(contract, ({ data }) => learnUser(deps(), data)),
      ),
      on(closeRequestedV1, ({ data, metadata }) => startClose(deps(), data.date, ctx(metadata))),
      on(closeChunkRequestedV1, ({ data, metadata }) => closeChunk(deps(), data, ctx(metadata))),
      on(payoutMailsRequestedV1, ({ data, metadata }) =>
        sendPayoutMails(deps(), data, ctx(metadata)),
      ),
    ],
  });

const ctx = (metadata: { correlation_id: string }) => ({ correlationId: metadata.correlation_id });

let mailingDeps: MailingDeps | undefined;
const withSes = () =>
  (mailingDeps ??= {
    ...accountingDeps(),
    mailer: new SesMailer({ instances: mailInstances() }),
  });

export const handler = makeAccountingConsumer(withSes);
