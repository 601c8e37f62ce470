import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { commitWith, givenWorker, type ContractSetup } from '../test-support/contract';

/** What the use cases rely on from an AssigneeDirectory, on either adapter. */
export function assigneeDirectoryContract(setup: ContractSetup) {
  it('names the people it has heard of, and lists the assignable ones by name', async () => {
    const deps = setup();
    const ada = await givenWorker(deps, { name: 'Ada' });
    const boss = await givenWorker(deps, { name: 'Boss', role: 'manager' });
    const unknown = randomUUID();
    const names = await deps.people.namesOf([ada.id, boss.id, unknown]);
    expect(Object.fromEntries(names)).toEqual({ [ada.id]: 'Ada', [boss.id]: 'Boss' });
    expect(await deps.people.namesOf([])).toEqual(new Map());

    const assignable = await deps.people.assignable();
    expect(assignable).toContainEqual({ id: ada.id, name: 'Ada' });
    expect(assignable.map((person) => person.id)).not.toContain(boss.id);
    await commitWith(deps, (c) => deps.users.replaced(c, { ...ada, active: false, revision: 2 }));
    expect((await deps.people.assignable()).map((person) => person.id)).not.toContain(ada.id);
  });
}
