import { useState } from 'preact/hooks';
import { api, ApiError, describeError } from '../api';
import type { Role, User } from '../session';
import { ErrorMessage, Field, Section } from './ui';
import { ROLES } from './user-row';

/** A new employee account; every refused field is marked at once. */
export function NewUser({ onCreated }: { onCreated: () => void }) {
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
