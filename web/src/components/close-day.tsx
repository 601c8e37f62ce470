import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, describeError } from '../api';
import { businessToday, dayBefore, formatBusinessDate, formatDateTime, TIME_ZONE } from '../format';
import type { CloseProgress } from '../types';
import { poll } from '../use-api';
import { useConfirm } from './confirm';
import { ErrorMessage, Field, Money, ProgressBar, Section } from './ui';

/** What is known about the chosen date before anyone presses the button. */
type Known = { state: 'looking' } | { state: 'open' } | { state: 'closed'; close: CloseProgress };

/**
 * Admins: close an ended business day (yesterday by default: today is still running), after a
 * dialog that says what it pays, then watch the close pay every account. A date closed before
 * says when and by whom instead; the API's refusal of a date shows beside it.
 */
export function CloseDay({
  onDone,
  nameOf,
}: {
  onDone: () => void;
  nameOf: (id: string) => string;
}) {
  const [date, setDate] = useState(dayBefore(businessToday()));
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
    let current = true;
    api<CloseProgress>(`/accounting/closes/${date}`).then(
      (close) => current && setKnown({ state: 'closed', close }),
      (failure) => {
        if (!current) return;
        if (failure instanceof ApiError && failure.status === 404) setKnown({ state: 'open' });
        else if (failure instanceof ApiError && failure.status < 500) setRefusal(failure.message);
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
        if (next.status === 'done') onDone();
        return next.status === 'done';
      },
      500,
      (failure) => setError(`Lost track of the close: ${describeError(failure)}`),
    );
  }, [progress?.date, progress?.status === 'done']);

  const start = async (event: Event) => {
    event.preventDefault();
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
              value={date}
              max={dayBefore(businessToday())}
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
          </p>
        )}
      </div>
      <ErrorMessage error={error} />
    </Section>
  );
}
