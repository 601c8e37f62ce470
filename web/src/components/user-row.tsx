import { useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { formatDate } from '../format';
import type { Role, User } from '../session';

export const ROLES: readonly Role[] = ['worker', 'manager', 'accountant', 'admin'];

/** One employee: rename, change role (not one's own), deactivate or reactivate. */
export function UserRow({
  user,
  self,
  onChange,
}: {
  user: User;
  self: boolean;
  onChange: () => void;
}) {
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
  const reactivate = () =>
    act(
      () => api<User>(`/auth/users/${user.id}`, { method: 'PATCH', body: { active: true } }),
      `${user.name} reactivated.`,
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
        {/* Auth refuses anyone's change of their own role: the choice is not offered. */}
        <select
          id={`role-${id}`}
          value={role}
          disabled={!user.active || self}
          title={self ? 'Another admin must change your role' : undefined}
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
      <td class="since">{formatDate(user.created_at)}</td>
      <td class="actions">
        <button
          type="button"
          disabled={!dirty || busy}
          onClick={save}
          aria-label={`Save ${user.email}`}
        >
          Save
        </button>
        {!user.active && (
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={reactivate}
            aria-label={`Reactivate ${user.email}`}
          >
            Reactivate
          </button>
        )}
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
