import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, describeError } from '../api';
import {
  ErrorMessage,
  Field,
  Loading,
  Money,
  PageHeading,
  ProgressBar,
  Section,
} from '../components/ui';
import { formatDateTime } from '../format';
import type { Session, User } from '../session';
import type { ShuffleJob, Task, TaskPage } from '../types';
import { poll, useApi } from '../use-api';

/** Tasks: mine with their price and a Complete button, a new task, and (managers) everyone's. */
export function TasksPage({ session }: { session: Session }) {
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const seesEveryone = session.user.role === 'manager' || session.user.role === 'admin';
  return (
    <>
      <PageHeading title="Tasks" />
      <MyOpenTasks version={version} onChange={changed} />
      <NewTask onCreated={changed} />
      {seesEveryone && <EveryonesTasks session={session} version={version} onChange={changed} />}
    </>
  );
}

function PriceCell({ task }: { task: Task }) {
  if (task.fee_cents === null || task.reward_cents === null)
    return <span class="muted">pricing…</span>;
  return (
    <span>
      fee <Money cents={-task.fee_cents} /> · reward <Money cents={task.reward_cents} />
    </span>
  );
}

function MyOpenTasks({ version, onChange }: { version: number; onChange: () => void }) {
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

  return (
    <Section title="My open tasks">
      {message && (
        <p class="success" role="status">
          {message}
        </p>
      )}
      <ErrorMessage error={error} />
      <ErrorMessage error={tasks.error} />
      {tasks.loading && !tasks.data && <Loading label="Loading your tasks…" />}
      {tasks.data && tasks.data.tasks.length === 0 && <p>No open tasks. Enjoy the millet.</p>}
      {tasks.data && tasks.data.tasks.length > 0 && (
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
                <th scope="row">{task.title}</th>
                <td>{task.jira_id ?? '—'}</td>
                <td class="description">{task.description || '—'}</td>
                <td>
                  <PriceCell task={task} />
                </td>
                <td>{formatDateTime(task.assigned_at)}</td>
                <td>
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
      )}
    </Section>
  );
}

function NewTask({ onCreated }: { onCreated: () => void }) {
  const [title, setTitle] = useState('');
  const [jiraId, setJiraId] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    setCreated(null);
    try {
      const task = await api<Task>('/tasks', {
        method: 'POST',
        body: { title, jira_id: jiraId.trim() || null, description },
      });
      setCreated(`Created “${task.title}”; it is assigned to a random worker.`);
      setTitle('');
      setJiraId('');
      setDescription('');
      onCreated();
    } catch (failure) {
      const byField = failure instanceof ApiError ? failure.fields : {};
      setFields({ ...byField });
      // A message that sits next to its field is not repeated at the bottom of the form.
      if (Object.keys(byField).length === 0) setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="New task">
      <form onSubmit={submit} noValidate class="inline-form">
        <Field id="task-title" label="Title" error={fields.title}>
          {(describedBy, invalid) => (
            <input
              id="task-title"
              value={title}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setTitle(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          id="task-jira-id"
          label="Jira id"
          error={fields.jira_id}
          hint="like UBERPOP-42 (optional)"
        >
          {(describedBy, invalid) => (
            <input
              id="task-jira-id"
              value={jiraId}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setJiraId(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="task-description" label="Description" error={fields.description}>
          {(describedBy, invalid) => (
            <textarea
              id="task-description"
              rows={2}
              value={description}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          )}
        </Field>
        <ErrorMessage error={error} />
        {created && (
          <p class="success" role="status">
            {created}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create task'}
        </button>
      </form>
    </Section>
  );
}

function EveryonesTasks({
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

/** The Reshuffle button and its job's live progress (polled until the job is done). */
function Reshuffle({ onFinished }: { onFinished: () => void }) {
  const [job, setJob] = useState<ShuffleJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const running = job !== null && job.status !== 'done';

  useEffect(() => {
    if (!job || job.status === 'done') return;
    return poll(
      async () => {
        const next = await api<ShuffleJob>(`/tasks/shuffles/${job.job_id}`);
        setJob(next);
        if (next.status === 'done') onFinished();
        return next.status === 'done';
      },
      400,
      (failure) => setError(`Lost track of the reshuffle: ${describeError(failure)}`),
    );
    // Poll once per job, not once per progress update.
  }, [job?.job_id]);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      setJob(await api<ShuffleJob>('/tasks/shuffle', { method: 'POST' }));
    } catch (failure) {
      setError(`Reshuffle refused: ${describeError(failure)}`);
    } finally {
      setStarting(false);
    }
  };

  const total = job?.open_tasks_at_start ?? 0;
  return (
    <div class="job">
      <button type="button" onClick={start} disabled={starting || running}>
        {starting ? 'Starting…' : 'Reshuffle open tasks'}
      </button>
      <div aria-live="polite" class="job-status">
        {job && job.status === 'queued' && (
          <p>
            Reshuffle queued
            {job.queue_position ? ` (position ${job.queue_position} in line)` : ''}…
          </p>
        )}
        {job && job.status === 'running' && (
          <>
            <p>Reshuffling…</p>
            <ProgressBar label="Reshuffle progress" value={job.processed ?? 0} max={total} />
          </>
        )}
        {job && job.status === 'done' && (
          <p class="success">
            Reshuffle finished: {job.reassigned ?? 0} of {total} open tasks reassigned.
          </p>
        )}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
