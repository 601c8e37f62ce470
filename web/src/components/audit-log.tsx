import { useState } from 'preact/hooks';
import { api } from '../api';
import { businessToday, formatBusinessDate, formatTime, TIME_ZONE } from '../format';
import { taskPath } from '../routes';
import type { AuditLog, LedgerEntry } from '../types';
import { usePaged } from '../use-api';
import { LoadMore } from './load-more';
import { ErrorMessage, Loading, Money } from './ui';

const TYPE_LABEL: Record<LedgerEntry['type'], string> = {
  fee: 'Fee',
  reward: 'Reward',
  payout: 'Payout',
};

/** One employee's balance and their audit log for a business day, newest first, paged. */
export function AuditLogView({
  path,
  idPrefix,
  version,
  owner,
}: {
  path: string;
  idPrefix: string;
  version: number;
  /** Whose log it is, when it is not the caller's own. */
  owner?: string;
}) {
  const [date, setDate] = useState(businessToday());
  const log = usePaged(
    (cursor) => api<AuditLog>(path, { query: { date, cursor } }),
    (page) => page.entries,
    [path, date, version],
  );
  const entries = log.items;

  return (
    <div class="audit-log" data-testid={`${idPrefix}-audit-log`}>
      <p class="balance">
        {owner ? `${owner}’s balance now` : 'Balance now'}:{' '}
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
      <ErrorMessage error={log.error} onRetry={log.reload} />
      {log.loading && <Loading label="Loading the audit log…" />}
      {log.data && entries.length === 0 && <p>No entries on {formatBusinessDate(date)}.</p>}
      {entries.length > 0 && (
        <div class="table-box">
          <table>
            <caption>
              {owner ? `${owner}’s audit log` : 'Audit log'} for {formatBusinessDate(date)}
            </caption>
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
                    {entry.task ? (
                      <a href={`#${taskPath(entry.task.id)}`}>
                        {entry.task.title ?? `task ${entry.task.id.slice(0, 8)}`}
                      </a>
                    ) : entry.type === 'payout' ? (
                      'Daily payout'
                    ) : (
                      '—'
                    )}
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
        </div>
      )}
      <LoadMore list={log} label="Load more entries" />
    </div>
  );
}
