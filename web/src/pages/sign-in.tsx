import { useState } from 'preact/hooks';
import { api, ApiError, describeError } from '../api';
import { ErrorMessage, Field, PageHeading } from '../components/ui';
import { sessionEndReason, startSession, type User } from '../session';

/** E-mail and password; the API's token opens the pages the role may use. */
export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const reason = sessionEndReason();

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const { token, user } = await api<{ token: string; user: User }>('/auth/login', {
        method: 'POST',
        body: { email, password },
        anonymous: true,
      });
      startSession(token, user);
    } catch (failure) {
      setError(describeError(failure));
      if (failure instanceof ApiError) setFields({ ...failure.fields });
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <PageHeading title="Sign in" />
      <p class="lead">aTES — the Awesome Task Exchange System of UberPopug Inc.</p>
      {reason && !error && (
        <p class="notice" role="status">
          {reason}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field id="email" label="E-mail" error={fields.email}>
          {(describedBy, invalid) => (
            <input
              id="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="password" label="Password" error={fields.password}>
          {(describedBy, invalid) => (
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
