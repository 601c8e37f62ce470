import { useState } from 'preact/hooks';
import { api, ApiError, describeError } from '../api';
import { ErrorMessage, Field, Loading, PageHeading, Section } from '../components/ui';
import { formatDateTime } from '../format';
import type { Role, Session, User } from '../session';
import { useApi } from '../use-api';

const ROLES: readonly Role[] = ['worker', 'manager', 'accountant', 'admin'];

/** Users (admins): every employee account; create, rename, change role, deactivate. */
export function UsersPage({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const users = useApi(() => api<{ users: User[] }>('/auth/users'), [version]);
  const changed = () => setVersion((v) => v + 1);
  return (
    <>
      <PageHeading title="Users" />
      <NewUser onCreated={changed} />
      <Section title="Employees">
        <ErrorMessage error={users.error} />
        {users.loading && <Loading label="Loading employees…" />}
        {users.data && (
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
              {users.data.users.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  self={user.id === session.user.id}
                  onChange={changed}
                />
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

function UserRow({ user, self, onChange }: { user: User; self: boolean; onChange: () => void }) {
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = name !== user.name || role !== user.role;
  const id = user.id.slice(0, 8);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await what();
      setSaved(done);
      onChange();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(
      () =>
        api<User>(`/auth/users/${user.id}`, {
          method: 'PATCH',
          body: {
            ...(name !== user.name ? { name } : {}),
            ...(role !== user.role ? { role } : {}),
          },
        }),
      `Saved ${name}.`,
    );
  const deactivate = () => {
    if (!confirm(`Deactivate ${user.name}? They can no longer sign in; their history stays.`))
      return;
    void act(
      () => api<User>(`/auth/users/${user.id}`, { method: 'DELETE' }),
      `${user.name} deactivated.`,
    );
  };

  return (
    <tr class={user.active ? '' : 'inactive'}>
      <td>
        <label class="visually-hidden" for={`name-${id}`}>
          Name of {user.email}
        </label>
        <input
          id={`name-${id}`}
          value={name}
          disabled={!user.active}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </td>
      <td>{user.email}</td>
      <td>
        <label class="visually-hidden" for={`role-${id}`}>
          Role of {user.email}
        </label>
        <select
          id={`role-${id}`}
          value={role}
          disabled={!user.active}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>{user.active ? 'active' : 'deactivated'}</td>
      <td>{formatDateTime(user.created_at)}</td>
      <td class="actions">
        <button
          type="button"
          disabled={!dirty || busy}
          onClick={save}
          aria-label={`Save ${user.email}`}
        >
          Save
        </button>
        {user.active && !self && (
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={deactivate}
            aria-label={`Deactivate ${user.email}`}
          >
            Deactivate
          </button>
        )}
        <div aria-live="polite">
          {saved && <small class="success">{saved}</small>}
          {error && (
            <small class="field-error" role="alert">
              {error}
            </small>
          )}
        </div>
      </td>
    </tr>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const empty = { email: '', name: '', role: 'worker' as Role, password: '' };
  const [form, setForm] = useState(empty);
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const set = (key: keyof typeof empty) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFields({});
    setError(null);
    setCreated(null);
    try {
      const user = await api<User>('/auth/users', { method: 'POST', body: form });
      setCreated(`Created ${user.name} (${user.role}).`);
      setForm(empty);
      onCreated();
    } catch (failure) {
      const byField = failure instanceof ApiError ? failure.fields : {};
      setFields({ ...byField });
      if (Object.keys(byField).length === 0) setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="New employee">
      <form class="inline-form" onSubmit={submit} noValidate>
        <Field id="new-email" label="E-mail" error={fields.email}>
          {(d, invalid) => (
            <input
              id="new-email"
              type="email"
              value={form.email}
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={set('email')}
            />
          )}
        </Field>
        <Field id="new-name" label="Name" error={fields.name}>
          {(d, invalid) => (
            <input
              id="new-name"
              value={form.name}
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={set('name')}
            />
          )}
        </Field>
        <Field id="new-role" label="Role" error={fields.role}>
          {(d, invalid) => (
            <select
              id="new-role"
              value={form.role}
              aria-describedby={d}
              aria-invalid={invalid}
              onChange={set('role')}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="new-password"
          label="Password"
          error={fields.password}
          hint="at least 8 characters"
        >
          {(d, invalid) => (
            <input
              id="new-password"
              type="password"
              autoComplete="new-password"
              value={form.password}
              aria-describedby={d}
              aria-invalid={invalid}
              onInput={set('password')}
            />
          )}
        </Field>
        <ErrorMessage error={error} />
        {created && (
          <p class="success" role="status">
            {created}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create employee'}
        </button>
      </form>
    </Section>
  );
}
