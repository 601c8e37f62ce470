import { useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { NewUser } from '../components/new-user';
import { ErrorMessage, Loading, PageHeading, Section } from '../components/ui';
import { UserRow } from '../components/user-row';
import type { Session, User } from '../session';
import { useApi } from '../use-api';

type SortKey = 'name' | 'email' | 'role' | 'created_at';
const SORTS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'name' },
  { key: 'email', label: 'e-mail' },
  { key: 'role', label: 'role' },
  { key: 'created_at', label: 'newest first' },
];

/** Users (admins): every employee account; search, sort, create, rename, re-role, (de)activate. */
export function UsersPage({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const users = useApi(() => api<{ users: User[] }>('/auth/users'), [version]);
  const changed = () => setVersion((v) => v + 1);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortKey>('name');
  const shown = useMemo(() => {
    const words = search.toLowerCase().trim();
    const matching = (users.data?.users ?? []).filter(
      (user) => !words || `${user.name} ${user.email} ${user.role}`.toLowerCase().includes(words),
    );
    const by = (user: User) => user[sort].toLowerCase();
    return matching.sort((a, b) =>
      sort === 'created_at' ? by(b).localeCompare(by(a)) : by(a).localeCompare(by(b)),
    );
  }, [users.data, search, sort]);
  return (
    <>
      <PageHeading title="Users" />
      <NewUser onCreated={changed} />
      <Section title="Employees">
        <div class="filters" role="group" aria-label="Search and sort">
          <div class="field">
            <label for="user-search">Search</label>
            <input
              id="user-search"
              type="search"
              value={search}
              placeholder="name, e-mail or role"
              onInput={(e) => setSearch(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="user-sort">Sort by</label>
            <select
              id="user-sort"
              value={sort}
              onChange={(e) => setSort(e.currentTarget.value as SortKey)}
            >
              {SORTS.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorMessage error={users.error} onRetry={users.reload} />
        {users.loading && !users.data && <Loading label="Loading employees…" />}
        {users.data && shown.length === 0 && <p>No employee matches “{search}”.</p>}
        {shown.length > 0 && (
          <div class="table-box">
            <table class="users">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Since</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    self={user.id === session.user.id}
                    onChange={changed}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
