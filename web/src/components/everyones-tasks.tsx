import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { formatDateTime } from '../format';
import type { Session, User } from '../session';
import type { Task, TaskPage } from '../types';
import { useApi } from '../use-api';
import { PriceCell } from './price';
import { Reshuffle } from './reshuffle';
import { ErrorMessage, Loading, Section } from './ui';

/** Managers and admins: every task, filtered by status and assignee, and the Reshuffle. */
export function EveryonesTasks({
  session,
  version,
  onChange,
}: {
  session: Session;
  version: number;
  onChange: () => void;
}) {
  const [status, setStatus] = useState('');
  const [assignee, setAssignee] = useState('all');
  const [pages, setPages] = useState<Task[][]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<string | null>(null);
  // Only admins may list employees; a manager's filter offers the assignees seen so far.
  const users = useApi(
    session.user.role === 'admin' ? () => api<{ users: User[] }>('/auth/users') : null,
    [],
  );
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const user of users.data?.users ?? []) map.set(user.id, user.name);
    map.set(session.user.id, `${session.user.name} (you)`);
    return map;
  }, [users.data, session.user]);
  const first = useApi(
    () =>
      api<TaskPage>('/tasks', {
        query: { assignee, status: status || undefined, limit: '50' },
      }),
    [assignee, status, version],
  );
  useEffect(() => {
    if (first.data) {
      setPages([first.data.tasks]);
      setCursor(first.data.next_cursor ?? null);
    }
  }, [first.data]);
  const tasks = pages.flat();
  const seen = useMemo(() => {
    const ids = new Set(tasks.map((t) => t.assignee_id));
    for (const id of names.keys()) ids.add(id);
    return [...ids];
  }, [tasks, names]);
  const nameOf = (id: string) => names.get(id) ?? `employee ${id.slice(0, 8)}`;

  const loadMore = async () => {
    if (!cursor) return;
    setMore('loading');
    try {
      const page = await api<TaskPage>('/tasks', {
        query: { assignee, status: status || undefined, limit: '50', cursor },
      });
      setPages((p) => [...p, page.tasks]);
      setCursor(page.next_cursor ?? null);
      setMore(null);
    } catch (failure) {
      setMore(describeError(failure));
    }
  };

  return (
    <Section title="Everyone’s tasks">
      <Reshuffle onFinished={onChange} />
      <div class="filters" role="group" aria-label="Filters">
        <div class="field">
          <label for="filter-status">Status</label>
          <select
            id="filter-status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
          >
            <option value="">any</option>
            <option value="open">open</option>
            <option value="completed">completed</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-assignee">Assignee</label>
          <select
            id="filter-assignee"
            value={assignee}
            onChange={(e) => setAssignee(e.currentTarget.value)}
          >
            <option value="all">everyone</option>
            {seen.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={users.error} />
      <ErrorMessage error={first.error} />
      {first.loading && <Loading label="Loading tasks…" />}
      {!first.loading && tasks.length === 0 && !first.error && <p>No tasks match.</p>}
      {tasks.length > 0 && (
        <div class="table-box">
          <table>
            <caption class="visually-hidden">Every employee’s tasks, filtered</caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Jira id</th>
                <th scope="col">Status</th>
                <th scope="col">Assignee</th>
                <th scope="col">Price</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id}>
                  <th scope="row">{task.title}</th>
                  <td>{task.jira_id ?? '—'}</td>
                  <td>
                    <span class={`badge ${task.status}`}>{task.status}</span>
                  </td>
                  <td>{nameOf(task.assignee_id)}</td>
                  <td>
                    <PriceCell task={task} />
                  </td>
                  <td>{formatDateTime(task.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" onClick={loadMore} disabled={more === 'loading'}>
          {more === 'loading' ? 'Loading…' : 'Load more'}
        </button>
      )}
      {more && more !== 'loading' && <ErrorMessage error={more} />}
    </Section>
  );
}
