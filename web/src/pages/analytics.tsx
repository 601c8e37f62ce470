import { useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { DayChart } from '../components/chart';
import { ErrorMessage, Loading, Money, PageHeading, Section } from '../components/ui';
import { businessToday, formatBusinessDate, formatDateTime, TIME_ZONE } from '../format';
import type { AnalyticsDashboard, MostExpensive } from '../types';
import { useApi } from '../use-api';

/** Analytics (admins): the day’s management earnings, how many are in the negative, top tasks. */
export function AnalyticsPage() {
  const [date, setDate] = useState(businessToday());
  return (
    <>
      <PageHeading title="Analytics" />
      <div class="field">
        <label for="analytics-date">Day ({TIME_ZONE})</label>
        <input
          id="analytics-date"
          type="date"
          value={date}
          max={businessToday()}
          onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
        />
      </div>
      <DaySummary date={date} />
      <MostExpensiveTasks date={date} />
    </>
  );
}

function DaySummary({ date }: { date: string }) {
  const dashboard = useApi(
    () => api<AnalyticsDashboard>('/analytics/dashboard', { query: { date } }),
    [date],
  );
  return (
    <Section title={date === businessToday() ? 'Today' : formatBusinessDate(date)}>
      <ErrorMessage error={dashboard.error} onRetry={dashboard.reload} />
      {dashboard.loading && <Loading label="Loading the day’s figures…" />}
      {dashboard.data && (
        <dl class="figures">
          <div>
            <dt>Management earnings</dt>
            <dd data-testid="analytics-earnings">
              <Money cents={dashboard.data.management_earnings_cents} />
            </dd>
          </div>
          <div>
            <dt>Employees in the negative</dt>
            <dd data-testid="analytics-negative">{dashboard.data.negative_balance_employees}</dd>
          </div>
        </dl>
      )}
    </Section>
  );
}

const PERIODS = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
] as const;

function MostExpensiveTasks({ date }: { date: string }) {
  const [period, setPeriod] = useState<'day' | 'week' | 'month'>('week');
  const answer = useApi(
    () => api<MostExpensive>('/analytics/most-expensive', { query: { period, date } }),
    [period, date],
  );
  const chart = useMemo(() => {
    const days = answer.data?.days ?? [];
    return {
      dates: days.map((d) => d.date),
      series: [
        {
          label: 'Most expensive task',
          values: days.map((d) => d.top?.reward_cents ?? null),
          color: '#7c3aed',
        },
      ],
    };
  }, [answer.data]);
  const top = answer.data?.top;
  return (
    <Section title="Most expensive task">
      <fieldset class="segmented">
        <legend>Period containing the day</legend>
        {PERIODS.map((p) => (
          <label key={p.value}>
            <input
              type="radio"
              name="period"
              value={p.value}
              checked={period === p.value}
              onChange={() => setPeriod(p.value)}
            />
            {p.label}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={answer.error} onRetry={answer.reload} />
      {answer.loading && <Loading label="Loading the most expensive tasks…" />}
      {answer.data && (
        <>
          <p class="figure" data-testid="analytics-top">
            {formatBusinessDate(answer.data.from)}
            {answer.data.from !== answer.data.to &&
              ` – ${formatBusinessDate(answer.data.to)}`}:{' '}
            {top ? (
              <>
                “{top.title}”{top.jira_id ? ` (${top.jira_id})` : ''}, reward{' '}
                <Money cents={top.reward_cents} />
              </>
            ) : (
              'no task completed'
            )}
          </p>
          {answer.data.days.length > 1 && (
            <DayChart label="The most expensive completed task's reward per day" bars {...chart} />
          )}
          <div class="table-box">
            <table>
              <caption>Most expensive completed task per day</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Task</th>
                  <th scope="col">Completed</th>
                  <th scope="col" class="num">
                    Reward
                  </th>
                </tr>
              </thead>
              <tbody>
                {answer.data.days.map((day) => (
                  <tr key={day.date}>
                    <th scope="row">{formatBusinessDate(day.date)}</th>
                    <td>
                      {day.top
                        ? `${day.top.title}${day.top.jira_id ? ` (${day.top.jira_id})` : ''}`
                        : '—'}
                    </td>
                    <td>{day.top ? formatDateTime(day.top.completed_at) : '—'}</td>
                    <td class="num">{day.top ? <Money cents={day.top.reward_cents} /> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}
