import type { AccountingDeps } from '../domain/ports';

/**
 * Every account holder, named ones first by name, then those whose user event has not arrived
 * yet. 1. read the directory; 2. sort.
 */
export async function listPeople(deps: Pick<AccountingDeps, 'people'>) {
  const people = await deps.people.everyone();
  const key = (name: string | null) => name ?? '\uffff';
  return { people: people.sort((a, b) => key(a.name).localeCompare(key(b.name))) };
}
