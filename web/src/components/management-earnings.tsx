import { useMemo } from 'preact/hooks';
import { api } from '../api';
import { formatBusinessDate } from '../format';
import type { AccountingDashboard } from '../types';
import { useApi } from '../use-api';
import { DayChart } from './chart';
import { ErrorMessage, Loading, Money, Section } from './ui';

/** Admins and accountants: today's management earnings and the last 30 days, chart and table. */
export function ManagementEarnings({ version }: { version: number }) {
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
        {
          label: 'Fees charged',
          values: days.map((d) => d.fees_cents),
          color: '#047857',
          dash: [8, 5],
        },
        {
          label: 'Rewards paid',
          values: days.map((d) => d.rewards_cents),
          color: '#b45309',
          dash: [2, 4],
        },
      ],
    };
  }, [dashboard.data]);
  return (
    <Section title="Management earnings">
      <ErrorMessage error={dashboard.error} onRetry={dashboard.reload} />
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
            <div class="table-box">
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
            </div>
          </details>
        </>
      )}
    </Section>
  );
}
