import { useState } from 'preact/hooks';
import { api } from '../api';
import { useFormSubmission } from '../form-submission';
import type { Role, User } from '../session';
import { ErrorMessage, Field, Section } from './ui';
import { ROLES } from './user-row';

/** A new employee account; every refused field is marked at once. */
export function NewUser({ onCreated }: { onCreated: () => void }) {
  const empty = { email: '', name: '', role: 'worker' as Role, password: '' };
  const [form, setForm] = useState(empty);
  const { busy, fields, error, done: created, submitWith } = useFormSubmission();
  const set = (key: keyof typeof empty) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));

  const submit = submitWith(async () => {
    const user = await api<User>('/auth/users', { method: 'POST', body: form });
    setForm(empty);
    onCreated();
    return `Created ${user.name} (${user.role}).`;
  });

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
