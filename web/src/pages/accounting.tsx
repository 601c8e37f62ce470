import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { DayChart } from '../components/chart';
import { ErrorMessage, Loading, Money, PageHeading, ProgressBar, Section } from '../components/ui';
import { businessToday, formatBusinessDate, formatTime, TIME_ZONE } from '../format';
import type { Session, User } from '../session';
import type { AccountingDashboard, AuditLog, CloseProgress, LedgerEntry } from '../types';
import { poll, useApi } from '../use-api';

/** Accounting: my balance and audit log; earnings, anyone's log and the close for the office. */
export function AccountingPage({ session }: { session: Session }) {
  const role = session.user.role;
  const office = role === 'admin' || role === 'accountant';
  const [version, setVersion] = useState(0);
  return (
    <>
      <PageHeading title="Accounting" />
      <Section title="My account">
        <AuditLogView path="/accounting/me" idPrefix="me" version={version} />
      </Section>
      {office && <ManagementEarnings version={version} />}
      {office && <EmployeeLog session={session} version={version} />}
      {role === 'admin' && <CloseDay onDone={() => setVersion((v) => v + 1)} />}
    </>
  );
}

const TYPE_LABEL: Record<LedgerEntry['type'], string> = {
  fee: 'Fee',
  reward: 'Reward',
  payout: 'Payout',
};

/** One employee's balance and their audit log for a business day, newest first, paged. */
function AuditLogView({
  path,
  idPrefix,
  version,
}: {
  path: string;
  idPrefix: string;
  version: number;
}) {
  const [date, setDate] = useState(businessToday());
  const [extra, setExtra] = useState<LedgerEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<string | null>(null);
  const log = useApi(() => api<AuditLog>(path, { query: { date } }), [path, date, version]);
  useEffect(() => {
    setExtra([]);
    setCursor(log.data?.next_cursor ?? null);
  }, [log.data]);
  const entries = [...(log.data?.entries ?? []), ...extra];

  const loadMore = async () => {
    if (!cursor) return;
    setMore('loading');
    try {
      const page = await api<AuditLog>(path, { query: { date, cursor } });
      setExtra((e) => [...e, ...page.entries]);
      setCursor(page.next_cursor);
      setMore(null);
    } catch (failure) {
      setMore(describeError(failure));
    }
  };

  return (
    <div class="audit-log" data-testid={`${idPrefix}-audit-log`}>
      <p class="balance">
        Balance now:{' '}
        {log.data ? (
          <Money cents={log.data.balance_cents} />
        ) : (
          <span class="muted">{log.error ? 'unavailable' : '…'}</span>
        )}
      </p>
      <div class="field">
        <label for={`${idPrefix}-date`}>Day ({TIME_ZONE})</label>
        <input
          id={`${idPrefix}-date`}
          type="date"
          value={date}
          max={businessToday()}
          onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
        />
      </div>
      <ErrorMessage error={log.error} />
      {log.loading && <Loading label="Loading the audit log…" />}
      {log.data && entries.length === 0 && <p>No entries on {formatBusinessDate(date)}.</p>}
      {entries.length > 0 && (
        <table>
          <caption>Audit log for {formatBusinessDate(date)}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Entry</th>
              <th scope="col">Task</th>
              <th scope="col">Jira id</th>
              <th scope="col">Description</th>
              <th scope="col" class="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} class={`entry-${entry.type}`}>
                <td>
                  <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                </td>
                <td>{TYPE_LABEL[entry.type] ?? entry.type}</td>
                <th scope="row">
                  {entry.task?.title ?? (entry.type === 'payout' ? 'Daily payout' : '—')}
                </th>
                <td>{entry.task?.jira_id ?? '—'}</td>
                <td class="description">{entry.task?.description || '—'}</td>
                <td class="num">
                  <Money cents={entry.amount_cents} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={loadMore} disabled={more === 'loading'}>
          {more === 'loading' ? 'Loading…' : 'Load more entries'}
        </button>
      )}
      {more && more !== 'loading' && <ErrorMessage error={more} />}
    </div>
  );
}

function ManagementEarnings({ version }: { version: number }) {
  const dashboard = useApi(() => api<AccountingDashboard>('/accounting/dashboard'), [version]);
  const chart = useMemo(() => {
    const days = dashboard.data?.days ?? [];
    return {
      dates: days.map((d) => d.date),
      series: [
        {
          label: 'Management earnings',
          values: days.map((d) => d.management_earnings_cents),
          color: '#1d4ed8',
        },
        { label: 'Fees charged', values: days.map((d) => d.fees_cents), color: '#047857' },
        { label: 'Rewards paid', values: days.map((d) => d.rewards_cents), color: '#b45309' },
      ],
    };
  }, [dashboard.data]);
  return (
    <Section title="Management earnings">
      <ErrorMessage error={dashboard.error} />
      {dashboard.loading && <Loading label="Loading earnings…" />}
      {dashboard.data && (
        <>
          <p class="figure" data-testid="accounting-earnings-today">
            Today ({formatBusinessDate(dashboard.data.today.date)}):{' '}
            <Money cents={dashboard.data.today.management_earnings_cents} />
          </p>
          <DayChart
            label="Management earnings, fees and rewards per day over the last 30 days"
            {...chart}
          />
          <details>
            <summary>Per day, last 30 days</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" class="num">
                    Fees charged
                  </th>
                  <th scope="col" class="num">
                    Rewards paid
                  </th>
                  <th scope="col" class="num">
                    Management earnings
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.data.days.map((day) => (
                  <tr key={day.date}>
                    <th scope="row">{formatBusinessDate(day.date)}</th>
                    <td class="num">
                      <Money cents={day.fees_cents} />
                    </td>
                    <td class="num">
                      <Money cents={day.rewards_cents} />
                    </td>
                    <td class="num">
                      <Money cents={day.management_earnings_cents} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </Section>
  );
}

/** Anyone's audit log: admins pick from the employee list; accountants (who may not list
 * employees) enter the employee's id. */
function EmployeeLog({ session, version }: { session: Session; version: number }) {
  const isAdmin = session.user.role === 'admin';
  const users = useApi(isAdmin ? () => api<{ users: User[] }>('/auth/users') : null, []);
  const [userId, setUserId] = useState('');
  const [typed, setTyped] = useState('');
  return (
    <Section title="An employee’s audit log">
      <ErrorMessage error={users.error} />
      {isAdmin ? (
        <div class="field">
          <label for="employee">Employee</label>
          <select id="employee" value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
            <option value="">choose an employee…</option>
            {(users.data?.users ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.role}){user.active ? '' : ' — deactivated'}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setUserId(typed.trim());
          }}
        >
          <div class="field">
            <label for="employee-id">Employee id</label>
            <input
              id="employee-id"
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          </div>
          <button type="submit">Show</button>
        </form>
      )}
      {userId && (
        <AuditLogView
          path={`/accounting/accounts/${encodeURIComponent(userId)}`}
          idPrefix="employee"
          version={version}
        />
      )}
    </Section>
  );
}

/** Admins: close a business day now, and watch the close pay every account. */
function CloseDay({ onDone }: { onDone: () => void }) {
  const [date, setDate] = useState(businessToday());
  const [progress, setProgress] = useState<CloseProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const running = progress !== null && progress.status !== 'done';

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
    setStarting(true);
    setError(null);
    setProgress(null);
    try {
      const started = await api<{ date: string; status: CloseProgress['status'] }>(
        '/accounting/close-day',
        { method: 'POST', body: { date } },
      );
      setProgress({ ...started, status: started.status === 'done' ? 'done' : 'running' });
      if (started.status === 'done') {
        setProgress(await api<CloseProgress>(`/accounting/closes/${started.date}`));
        onDone();
      }
    } catch (failure) {
      setError(`The close was refused: ${describeError(failure)}`);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Section title="Close a day">
      <form class="inline-form" onSubmit={start}>
        <div class="field">
          <label for="close-date">Business day ({TIME_ZONE})</label>
          <input
            id="close-date"
            type="date"
            value={date}
            max={businessToday()}
            onChange={(e) => setDate(e.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={starting || running}>
          {starting ? 'Starting…' : 'Close day and pay out'}
        </button>
      </form>
      <div aria-live="polite" class="job-status">
        {progress && progress.status === 'running' && (
          <>
            <p>Closing {formatBusinessDate(progress.date)}…</p>
            <ProgressBar
              label="Accounts closed"
              value={progress.accounts_done ?? 0}
              max={progress.accounts_total ?? 0}
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
