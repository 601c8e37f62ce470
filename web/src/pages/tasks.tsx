import { useEffect, useRef, useState } from 'preact/hooks';
import { api, describeError } from '../api';
import { EveryonesTasks } from '../components/everyones-tasks';
import { NewTask } from '../components/new-task';
import { PriceCell } from '../components/price';
import { ErrorMessage, Loading, PageHeading, Section } from '../components/ui';
import { formatDateTime } from '../format';
import { taskPath } from '../routes';
import type { Session } from '../session';
import type { Task, TaskPage } from '../types';
import { useApi } from '../use-api';

/** Tasks: mine with their price and a Complete button, a new task, and (managers) everyone's. */
export function TasksPage({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const seesEveryone = session.user.role === 'manager' || session.user.role === 'admin';
  return (
    <>
      <PageHeading title="Tasks" />
      {/* Managers and admins are never assigned tasks: their list shows only if it has some. */}
      <MyOpenTasks version={version} onChange={changed} hideWhenEmpty={seesEveryone} />
      <NewTask onCreated={changed} />
      {seesEveryone && <EveryonesTasks session={session} version={version} onChange={changed} />}
    </>
  );
}

function MyOpenTasks({
  version,
  onChange,
  hideWhenEmpty,
}: {
  version: number;
  onChange: () => void;
  hideWhenEmpty: boolean;
}) {
  const tasks = useApi(
    () => api<TaskPage>('/tasks', { query: { status: 'open', limit: '100' } }),
    [version],
  );
  const [completing, setCompleting] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pricing = tasks.data?.tasks.some((t) => t.fee_cents === null) ?? false;

  // Prices arrive from Accounting a moment after creation: look again while any is missing,
  // less and less often (3 s, 6 s, … at most a minute) so a stalled pricing costs little.
  const lookedAgain = useRef(0);
  useEffect(() => {
    if (!pricing) {
      lookedAgain.current = 0;
      return;
    }
    const delay = Math.min(60_000, 3000 * 2 ** lookedAgain.current);
    const timer = setTimeout(() => {
      lookedAgain.current += 1;
      tasks.reload();
    }, delay);
    return () => clearTimeout(timer);
  }, [pricing, tasks.data]);

  const complete = async (task: Task) => {
    setCompleting(task.id);
    setError(null);
    setMessage(null);
    try {
      await api<Task>(`/tasks/${task.id}/complete`, { method: 'POST' });
      setMessage(`Completed “${task.title}”.`);
      onChange();
    } catch (failure) {
      setError(`Could not complete “${task.title}”: ${describeError(failure)}`);
    } finally {
      setCompleting(null);
    }
  };

  if (hideWhenEmpty && tasks.data?.tasks.length === 0 && !message) return null;
  return (
    <Section title="My open tasks">
      {message && (
        <p class="success" role="status">
          {message}
        </p>
      )}
      <ErrorMessage error={error} />
      <ErrorMessage error={tasks.error} onRetry={tasks.reload} />
      {tasks.loading && !tasks.data && <Loading label="Loading your tasks…" />}
      {tasks.data && tasks.data.tasks.length === 0 && <p>No open tasks. Enjoy the millet.</p>}
      {tasks.data && tasks.data.tasks.length > 0 && (
        <div class="table-box">
          <table>
            <caption class="visually-hidden">Tasks assigned to you that are still open</caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Jira id</th>
                <th scope="col">Description</th>
                <th scope="col">Price</th>
                <th scope="col">Assigned</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.data.tasks.map((task) => (
                <tr key={task.id} data-task-id={task.id}>
                  <th scope="row">
                    <a href={`#${taskPath(task.id)}`}>{task.title}</a>
                  </th>
                  <td>{task.jira_id ?? '—'}</td>
                  <td class="description">{task.description || '—'}</td>
                  <td>
                    <PriceCell task={task} />
                  </td>
                  <td>{formatDateTime(task.assigned_at)}</td>
                  <td class="action">
                    <button
                      type="button"
                      disabled={completing !== null}
                      aria-label={`Complete “${task.title}”`}
                      onClick={() => complete(task)}
                    >
                      {completing === task.id ? 'Completing…' : 'Complete'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
