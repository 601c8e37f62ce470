import { describe, expect, it } from 'vitest';
import { replica } from '../test-support/contract';
import { memoryTasker } from '../test-support/memory';
import { applyUserSnapshot } from './apply-user-snapshot';
import { CONSISTENT } from '../domain/read-consistency';

const snapshot = (overrides: Parameters<typeof replica>[0]) => replica(overrides);

describe('applyUserSnapshot', () => {
  it('keeps the highest revision whatever order the snapshots arrive in', async () => {
    const world = memoryTasker();
    const apply = (user: ReturnType<typeof snapshot>) =>
      world.react((c) => applyUserSnapshot(world.deps, user, c));
    const created = snapshot({ revision: 1 });
    const promoted = { ...created, role: 'manager' as const, revision: 2 };
    await apply(promoted);
    await apply(created); // the creation arrives late
    expect(await world.deps.users.find(created.id)).toMatchObject({ role: 'manager', revision: 2 });
    expect(await world.deps.users.assignableIds(CONSISTENT)).not.toContain(created.id);

    const deactivated = { ...created, active: false, revision: 4 };
    await apply(deactivated);
    await apply({ ...created, name: 'Late update', revision: 3 });
    expect(await world.deps.users.find(created.id)).toMatchObject({ active: false, revision: 4 });
  });

  it('moves a user in and out of the assignable pool as the role changes', async () => {
    const world = memoryTasker();
    const user = snapshot({});
    const pool = () => world.deps.users.assignableIds(CONSISTENT);
    const apply = (revision: number, role: 'worker' | 'manager' | 'admin') =>
      world.react((c) => applyUserSnapshot(world.deps, { ...user, role, revision }, c));
    await apply(1, 'worker');
    expect(await pool()).toContain(user.id);
    await apply(2, 'admin');
    expect(await pool()).not.toContain(user.id);
    await apply(3, 'worker');
    expect(await pool()).toContain(user.id);
    const changes = world.unitOfWork.begin({ correlationId: 't' });
    await applyUserSnapshot(world.deps, { ...user, role: 'manager', revision: 3 }, changes);
    expect(changes.isEmpty).toBe(true);
  });
});
