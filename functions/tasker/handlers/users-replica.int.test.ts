import { beforeAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { createTables } from '../../../test/support/tables';
import { seededRandomInt } from '#shared/random';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { busMessageOf, sqsEventOf, userSnapshot } from '../test-support/events';
import { makeTaskerConsumer } from './on-event';
import { CONSISTENT } from '../domain/read-consistency';

const deps = testDeps({ random: seededRandomInt(1) });
const consumer = makeTaskerConsumer(deps);
const findUser = (id: string) => deps().users.find(id);
const assignableUserIds = () => deps().users.assignableIds(CONSISTENT);

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
});
