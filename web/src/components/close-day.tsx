import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, describeError } from '../api';
import { formatBusinessDate, formatDateTime, TIME_ZONE } from '../format';
import type { CloseProgress, ClosesPage } from '../types';
import { poll, useApi } from '../use-api';
import { useConfirm } from './confirm';
import { ErrorMessage, Field, Money, ProgressBar, Section } from './ui';

/** What is known about the chosen date before anyone presses the button. */
type Known = { state: 'looking' } | { state: 'open' } | { state: 'closed'; close: CloseProgress };

/** Whether `date` has a close, asked of the closed-days list: a date never closed is a 200 too. */
async function closeOf(date: string): Promise<CloseProgress | null> {
  const latest = await api<ClosesPage>('/accounting/closes', { query: { to: date, limit: '1' } });
  if (latest.closes[0]?.date !== date) return null;
  return api<CloseProgress>(`/accounting/closes/${date}`);
}

/**
 * Admins: close an ended business day (by default the most recent one on the business clock,
 * which Accounting names: the browser's clock may differ), after a dialog that says what it
 * pays, then watch the close pay every account. A date closed before says when and by whom
 * instead; the API's refusal of a date shows beside it.
 */
export function CloseDay({
  onChange,
  nameOf,
}: {
  /** A close started or finished: the lists that show closes and balances look again. */
  onChange: () => void;
  nameOf: (id: string) => string;
}) {
  const clock = useApi(() => api<ClosesPage>('/accounting/closes', { query: { limit: '1' } }), []);
  const lastEnded = clock.data?.last_ended_day;
  const [chosen, setDate] = useState<string | null>(null);
  const date = chosen ?? lastEnded ?? null;
  const [known, setKnown] = useState<Known>({ state: 'looking' });
  const [progress, setProgress] = useState<CloseProgress | null>(null);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { ask, dialog } = useConfirm();
  const running = progress !== null && progress.status !== 'done';

  // A newly chosen date starts clean: no message about another date stays beside it.
  useEffect(() => {
    setProgress(null);
    setRefusal(undefined);
    setError(null);
    setKnown({ state: 'looking' });
    if (date === null) return;
    let current = true;
    closeOf(date).then(
      (close) => current && setKnown(close ? { state: 'closed', close } : { state: 'open' }),
      (failure) => {
        if (!current) return;
        if (failure instanceof ApiError && failure.status < 500) setRefusal(failure.message);
        else setError(describeError(failure));
      },
    );
    return () => void (current = false);
  }, [date]);

  useEffect(() => {
    if (!progress || progress.status === 'done') return;
    return poll(
      async () => {
        const next = await api<CloseProgress>(`/accounting/closes/${progress.date}`);
        setProgress(next);
        if (next.status === 'done') onChange();
        return next.status === 'done';
      },
      500,
      (failure) => setError(`Lost track of the close: ${describeError(failure)}`),
    );
  }, [progress?.date, progress?.status === 'done']);

  const start = async (event: Event) => {
    event.preventDefault();
    if (date === null) return;
    const yes = await ask(
      `Close ${formatBusinessDate(date)}?`,
      <p>
        Every employee whose balance is positive is paid what they earned up to the end of{' '}
        <strong>{formatBusinessDate(date)}</strong> ({TIME_ZONE}) and e-mailed; negative balances
        carry over. A close cannot be undone.
      </p>,
      `Close ${date} and pay out`,
    );
    if (!yes) return;
    setStarting(true);
    setError(null);
    setRefusal(undefined);
    try {
      const started = await api<{ date: string; status: CloseProgress['status'] }>(
        '/accounting/close-day',
        { method: 'POST', body: { date } },
      );
      setProgress(await api<CloseProgress>(`/accounting/closes/${started.date}`));
      onChange();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status < 500) setRefusal(failure.message);
      else setError(`The close failed: ${describeError(failure)}`);
    } finally {
      setStarting(false);
    }
  };

  const closedBefore = known.state === 'closed' && !progress ? known.close : null;
  return (
    <Section title="Close a day">
      <form class="inline-form" onSubmit={start} noValidate>
        <Field id="close-date" label={`Business day (${TIME_ZONE})`} error={refusal}>
          {(describedBy, invalid) => (
            <input
              id="close-date"
              type="date"
              value={date ?? ''}
              max={lastEnded}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={starting || running || known.state !== 'open'}>
          {starting ? 'Starting…' : 'Close day and pay out'}
        </button>
      </form>
      {dialog}
      <div aria-live="polite" class="job-status">
        {closedBefore && (
          <p class="notice" data-testid="already-closed">
            {formatBusinessDate(closedBefore.date)} was already closed
            {closedBefore.requested_at
              ? ` on ${formatDateTime(closedBefore.requested_at)}`
              : ''}{' '}
            {closedBefore.requested_by
              ? `by ${nameOf(closedBefore.requested_by)}`
              : 'by the daily schedule'}
            : {closedBefore.paid_count ?? 0} paid, total{' '}
            <Money cents={closedBefore.paid_total_cents ?? 0} />.
          </p>
        )}
        {progress && progress.status === 'running' && (
          <>
            <p>Closing {formatBusinessDate(progress.date)}…</p>
            <ProgressBar
              label="Accounts closed"
              value={progress.accounts_done ?? 0}
              max={progress.accounts_total ?? null}
              unit="accounts"
            />
          </>
        )}
        {progress && progress.status === 'done' && (
          <p class="success">
            {formatBusinessDate(progress.date)} closed: {progress.paid_count ?? 0} paid, total{' '}
            <Money cents={progress.paid_total_cents ?? 0} />; {progress.carried_negative_count ?? 0}{' '}
            negative balance(s) carried over.
            {(progress.undeliverable ?? 0) > 0 &&
              ` ${progress.undeliverable} payout e-mail(s) could not be delivered (SES refused the address).`}
          </p>
        )}
      </div>
      <ErrorMessage error={clock.error} onRetry={clock.reload} />
      <ErrorMessage error={error} />
    </Section>
  );
}
