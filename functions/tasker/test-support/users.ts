import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import type { TestUser } from '../../../test/support/tokens';
import type { TaskerDeps } from '../domain/ports';
import { busMessageOf, sqsEventOf, userSnapshot } from './events';
import { CONSISTENT } from '../domain/read-consistency';

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

async function deliver(consumer: Consumer, message: string, what: string) {
  const result = await consumer(sqsEventOf(message));
  if (result.batchItemFailures.length > 0) throw new Error(`${what} was not applied`);
}

/** Tells Tasker about employees the way Auth does: a user.created event through the consumer. */
export async function announceUsers(consumer: Consumer, ...users: TestUser[]) {
  for (const user of users)
    await deliver(
      consumer,
      busMessageOf(userCreatedV1, userSnapshot({ id: user.id, role: user.role, name: user.name })),
      'user.created',
    );
}

/** Deactivates an employee in Tasker's replica (user.deleted at a higher revision). */
export async function announceDeactivation(consumer: Consumer, user: TestUser, revision = 2) {
  await deliver(
    consumer,
    busMessageOf(
      userDeletedV1,
      userSnapshot({ id: user.id, role: user.role, active: false, revision }),
    ),
    'user.deleted',
  );
}

/**
 * Makes exactly these employees assignable, whatever earlier tests left behind: everyone else
 * in the pool is deactivated, and these are (re)activated, each at the next revision of its
 * replica, through the consumer as Auth's events would do it. A test starts from it so it does
 * not depend on which tests ran before.
 */
export async function poolOfExactly(consumer: Consumer, deps: TaskerDeps, ...users: TestUser[]) {
  const nextRevision = async (id: string) => ((await deps.users.find(id))?.revision ?? 0) + 1;
  const keep = new Set(users.map((user) => user.id));
  for (const id of await deps.users.assignableIds(CONSISTENT))
    if (!keep.has(id))
      await deliver(
        consumer,
        busMessageOf(
          userDeletedV1,
          userSnapshot({ id, active: false, revision: await nextRevision(id) }),
        ),
        'user.deleted',
      );
  for (const user of users)
    await deliver(
      consumer,
      busMessageOf(
        userCreatedV1,
        userSnapshot({ id: user.id, role: user.role, revision: await nextRevision(user.id) }),
      ),
      'user.created',
    );
}
