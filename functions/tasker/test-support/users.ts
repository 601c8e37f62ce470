import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import type { TestUser } from '../../../test/support/tokens';
import { busMessageOf, sqsEventOf, userSnapshot } from './events';

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** Tells Tasker about employees the way Auth does: a user.created event through the consumer. */
export async function announceUsers(consumer: Consumer, ...users: TestUser[]) {
  for (const user of users) {
    const message = busMessageOf(
      userCreatedV1,
      userSnapshot({ id: user.id, role: user.role, name: user.name }),
    );
    const result = await consumer(sqsEventOf(message));
    if (result.batchItemFailures.length > 0) throw new Error('user.created was not applied');
  }
}

/** Deactivates an employee in Tasker's replica (user.deleted at a higher revision). */
export async function announceDeactivation(consumer: Consumer, user: TestUser, revision = 2) {
  const message = busMessageOf(
    userDeletedV1,
    userSnapshot({ id: user.id, role: user.role, active: false, revision }),
  );
  const result = await consumer(sqsEventOf(message));
  if (result.batchItemFailures.length > 0) throw new Error('user.deleted was not applied');
}
