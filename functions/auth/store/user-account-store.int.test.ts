import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { createTables } from '../../../test/support/tables';
import { OPERATOR } from '../domain/actor';
import { givenUser } from '../test-support/fixtures';
import { deactivateUser } from '../use-cases/deactivate-user';
import { authDeps } from '../wiring';
import { ACTIVE_ADMINS_KEY, userKey } from './keys';
import { DynamoUserAccountStore } from './user-account-store';
import { userAccountStoreContract } from './user-account-store.contract';

const table = () => process.env.AUTH_TABLE!;
const counter = async () =>
  (
    await documentClient.send(
      new GetCommand({ TableName: table(), Key: ACTIVE_ADMINS_KEY, ConsistentRead: true }),
    )
  ).Item?.count;

const moveAdmins = async (store: DynamoUserAccountStore, delta: -1 | 1) => {
  const changes = authDeps().unitOfWork.begin({ correlationId: 't' });
  await store.activeAdminsMoved(changes, delta);
  await authDeps().unitOfWork.commit(changes);
};

describe('the active-admin count', () => {
  beforeAll(() => createTables());

  it('is built from the users on first use in a table written before it existed', async () => {
    await Promise.all([givenUser('admin'), givenUser('admin'), givenUser('worker')]);
    const [, deactivated] = [await givenUser('admin'), await givenUser('admin')];
    await deactivateUser(authDeps(), OPERATOR, deactivated.id, { correlationId: 't' });
    expect(await counter()).toBe(3);

    await documentClient.send(new DeleteCommand({ TableName: table(), Key: ACTIVE_ADMINS_KEY }));
    const fresh = new DynamoUserAccountStore(table()); // a new process: it has not seen the counter
    await moveAdmins(fresh, 1);
    expect(await counter()).toBe(4); // 3 counted by the scan, +1
  });

  it('refuses to go below one, whatever the caller checks said (409 last_admin)', async () => {
    await documentClient.send(
      new PutCommand({
        TableName: table(),
        Item: { ...ACTIVE_ADMINS_KEY, record_type: 'active_admins', count: 1 },
      }),
    );
    const store = new DynamoUserAccountStore(table());
    await expect(moveAdmins(store, -1)).rejects.toMatchObject({ kind: 'last_admin' });
    expect(await counter()).toBe(1);
  });
});

// After the count's cases (they build it from scratch), before the parse case (it breaks a user).
describe('the user account store on DynamoDB', () => {
  beforeAll(() => createTables());
  userAccountStoreContract(async () => ({
    users: new DynamoUserAccountStore(table()),
    unitOfWork: authDeps().unitOfWork,
  }));
});

describe('stored users are parsed, not cast', () => {
  beforeAll(() => createTables());

  it('fails loudly on a user item with a renamed attribute instead of leaking undefined', async () => {
    const user = await givenUser('worker');
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table(), Key: userKey(user.id) }),
    );
    const { role, ...renamed } = Item!;
    await documentClient.send(
      new PutCommand({ TableName: table(), Item: { ...renamed, user_role: role } }),
    );
    await expect(new DynamoUserAccountStore(table()).findById(user.id)).rejects.toThrow(/role/);
  });
});
