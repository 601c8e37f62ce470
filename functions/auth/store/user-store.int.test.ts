import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { createTables } from '../../../test/support/tables';
import { OPERATOR } from '../domain/actor';
import { givenUser } from '../test-support/fixtures';
import { deactivateUser } from '../use-cases/deactivate-user';
import { authDeps } from '../wiring';
import { commitCommand } from './commit-command';
import { ACTIVE_ADMINS_KEY, userKey } from './keys';
import { DynamoUserStore } from './user-store';

const table = () => process.env.AUTH_TABLE!;
const counter = async () =>
  (
    await documentClient.send(
      new GetCommand({ TableName: table(), Key: ACTIVE_ADMINS_KEY, ConsistentRead: true }),
    )
  ).Item?.count;

describe('the active-admin count', () => {
  beforeAll(() => createTables());

  it('is built from the users on first use in a table written before it existed', async () => {
    await Promise.all([givenUser('admin'), givenUser('admin'), givenUser('worker')]);
    const [, deactivated] = [await givenUser('admin'), await givenUser('admin')];
    await deactivateUser(authDeps(), OPERATOR, deactivated.id, { correlationId: 't' });
    expect(await counter()).toBe(3);

    await documentClient.send(new DeleteCommand({ TableName: table(), Key: ACTIVE_ADMINS_KEY }));
    const fresh = new DynamoUserStore(table()); // a new process: it has not seen the counter
    await commitCommand(await fresh.activeAdminCountItems(1));
    expect(await counter()).toBe(4); // 3 counted by the scan, +1
  });

  it('refuses to go below one, whatever the caller checks said (409 last_admin)', async () => {
    await documentClient.send(
      new PutCommand({
        TableName: table(),
        Item: { ...ACTIVE_ADMINS_KEY, record_type: 'active_admins', count: 1 },
      }),
    );
    const store = new DynamoUserStore(table());
    await expect(commitCommand(await store.activeAdminCountItems(-1))).rejects.toMatchObject({
      kind: 'last_admin',
    });
    expect(await counter()).toBe(1);
  });
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
    await expect(new DynamoUserStore(table()).findById(user.id)).rejects.toThrow(/role/);
  });
});
