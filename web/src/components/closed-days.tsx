import { api } from '../api';
import { formatBusinessDate, formatDateTime } from '../format';
import type { ClosedDay, ClosesPage } from '../types';
import { usePaged } from '../use-api';
import { LoadMore } from './load-more';
import { ErrorMessage, Loading, Section } from './ui';

/** Admins and accountants: every closed day, newest first, with who closed it and when. */
export function ClosedDays({
  version,
  nameOf,
}: {
  version: number;
  nameOf: (id: string) => string;
}) {
  const closes = usePaged(
    (cursor) => api<ClosesPage>('/accounting/closes', { query: { limit: '10', cursor } }),
    (page) => page.closes,
    [version],
  );
  return (
    <Section title="Closed days">
      <ErrorMessage error={closes.error} onRetry={closes.reload} />
      {closes.loading && !closes.data && <Loading label="Loading the closed days…" />}
      {closes.data && closes.items.length === 0 && <p>No day has been closed yet.</p>}
      {closes.items.length > 0 && (
        <div class="table-box">
          <table data-testid="closed-days">
            <caption class="visually-hidden">Closed days, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Closed by</th>
                <th scope="col">Closed at</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {closes.items.map((close: ClosedDay) => (
                <tr key={close.date}>
                  <th scope="row" class="nowrap">
                    {formatBusinessDate(close.date)}
                  </th>
                  <td>{close.requested_by ? nameOf(close.requested_by) : 'the daily schedule'}</td>
                  <td>{formatDateTime(close.requested_at)}</td>
                  <td>
                    {close.status === 'done'
                      ? `paid out (${close.accounts_total} accounts)`
                      : 'paying out…'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={closes} label="Load earlier closes" />
    </Section>
  );
}
