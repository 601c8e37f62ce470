import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { createTables } from '../../../test/support/tables';
import { seededRandomInt } from '#shared/random';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { busMessageOf, sqsEventOf, userSnapshot } from '../test-support/events';
import { makeTaskerConsumer } from './on-event';

const deps = testDeps({ random: seededRandomInt(1) });
const consumer = makeTaskerConsumer(deps);
const findUser = (id: string) => deps().users.find(id);
const assignableUserIds = () => deps().users.assignableIds();

async function deliver(...messages: string[]) {
  const result = await consumer(sqsEventOf(...messages));
  expect(result.batchItemFailures).toEqual([]);
}

describe('users replica', () => {
  beforeAll(() => createTables([taskerService]));

  it('applies a user.created delivered twice once, and the user becomes assignable', async () => {
    const user = userSnapshot({ role: 'worker' });
    const message = busMessageOf(userCreatedV1, user);
    await deliver(message, message);
    await deliver(busMessageOf(userCreatedV1, user)); // same snapshot, another event id
    expect(await findUser(user.id)).toMatchObject({ revision: 1, role: 'worker', active: true });
    expect((await assignableUserIds()).filter((id) => id === user.id)).toEqual([user.id]);
  });

  it('keeps a role change that arrives before the creation', async () => {
    const id = randomUUID();
    await deliver(
      busMessageOf(userRoleChangedV1, {
        ...userSnapshot({ id, role: 'manager', revision: 2 }),
        previous_role: 'worker',
      }),
    );
    await deliver(busMessageOf(userCreatedV1, userSnapshot({ id, role: 'worker', revision: 1 })));
    expect(await findUser(id)).toMatchObject({ role: 'manager', revision: 2 });
    expect(await assignableUserIds()).not.toContain(id);
  });

  it('keeps a deactivation that arrives before an older update', async () => {
    const id = randomUUID();
    await deliver(busMessageOf(userCreatedV1, userSnapshot({ id, revision: 1 })));
    expect(await assignableUserIds()).toContain(id);
    await deliver(busMessageOf(userDeletedV1, userSnapshot({ id, active: false, revision: 3 })));
    await deliver(
      busMessageOf(userUpdatedV1, userSnapshot({ id, name: 'Renamed', active: true, revision: 2 })),
    );
    expect(await findUser(id)).toMatchObject({ active: false, revision: 3, name: 'Popug' });
    expect(await assignableUserIds()).not.toContain(id);
  });

  it('follows role changes in and out of the assignable pool by revision', async () => {
    const id = randomUUID();
    const at = (revision: number, role: 'worker' | 'admin' | 'accountant') =>
      busMessageOf(userRoleChangedV1, {
        ...userSnapshot({ id, role, revision }),
        previous_role: 'worker',
      });
    await deliver(busMessageOf(userCreatedV1, userSnapshot({ id, role: 'worker' })));
    await deliver(at(2, 'admin'));
    expect(await assignableUserIds()).not.toContain(id);
    await deliver(at(4, 'accountant'), at(3, 'admin'));
    expect(await findUser(id)).toMatchObject({ role: 'accountant', revision: 4 });
    expect(await assignableUserIds()).toContain(id);
  });
});
