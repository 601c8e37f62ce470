import { useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime } from '../format';
import { taskPath } from '../routes';
import type { Session } from '../session';
import type { ListedTask, TaskPage } from '../types';
import { useApi, usePaged } from '../use-api';
import { LoadMore } from './load-more';
import { displayName, PersonPicker, type Person } from './person-picker';
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
  // Tasker's directory: everyone who may be given a task, by name (managers and admins).
  const people = useApi(() => api<{ people: Person[] }>('/tasks/people'), []);
  const first = usePaged(
    (cursor) =>
      api<TaskPage>('/tasks', {
        query: { assignee, status: status || undefined, limit: '50', cursor },
      }),
    (page) => page.tasks,
    [assignee, status, version],
  );
  const tasks = first.items;
  // Assignees of the listed tasks who are not assignable now (deactivated) are choices too.
  const choices = useMemo(() => {
    const known = new Map((people.data?.people ?? []).map((p) => [p.id, p]));
    for (const task of tasks)
      if (!known.has(task.assignee_id))
        known.set(task.assignee_id, { id: task.assignee_id, name: task.assignee_name ?? null });
    return [...known.values()];
  }, [people.data, tasks]);
  const nameOf = (task: ListedTask) =>
    task.assignee_id === session.user.id
      ? `${session.user.name} (you)`
      : displayName({ id: task.assignee_id, name: task.assignee_name ?? null });

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
        <PersonPicker
          id="filter-assignee"
          label="Assignee"
          people={choices}
          value={assignee}
          onChange={setAssignee}
          none={{ value: 'all', label: 'everyone' }}
        />
      </div>
      <ErrorMessage error={people.error} onRetry={people.reload} />
      <ErrorMessage error={first.error} onRetry={first.reload} />
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
                  <th scope="row">
                    <a href={`#${taskPath(task.id)}`}>{task.title}</a>
                  </th>
                  <td>{task.jira_id ?? '—'}</td>
                  <td>
                    <span class={`badge ${task.status}`}>{task.status}</span>
                  </td>
                  <td>{nameOf(task)}</td>
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
      <LoadMore list={first} label="Load more" />
    </Section>
  );
}
