import { api, ApiError } from '../api';
import { LoadMore } from '../components/load-more';
import { displayName } from '../components/person-picker';
import { PriceCell } from '../components/price';
import { ErrorMessage, Loading, Money, PageHeading, Section } from '../components/ui';
import { formatDateTime } from '../format';
import type { Session } from '../session';
import type { TaskDetail, TaskHistory, TaskMovement } from '../types';
import { useApi, usePaged, type Loaded } from '../use-api';

/**
 * One task: what Tasker knows (title, status, assignee by name, price) and what Accounting
 * knows (its fees, one per assignment, and its reward). Each domain answers for itself: a
 * worker whose task was reshuffled away still sees the money it moved on their account.
 */
export function TaskPage({ id, session }: { id: string; session: Session }) {
  const path = `/${encodeURIComponent(id)}`;
  const task = useApi(() => api<TaskDetail>(`/tasks${path}`), [id]);
  const history = usePaged(
    (cursor) => api<TaskHistory>(`/accounting/tasks${path}`, { query: { cursor } }),
    (page) => page.movements,
    [id],
  );
  const fromAccounting = history.data?.task;
  const title = task.data?.title ?? fromAccounting?.title ?? null;
  const missing = isStatus(task, 404) && isStatus(history, 404);
  const malformed = isStatus(task, 400);
  return (
    <>
      <p class="back">
        <a href="#/tasks">← Tasks</a>
      </p>
      <PageHeading title={title ?? 'Task'} />
      {malformed && (
        <p class="error" role="alert">
          “{id}” is not a task id: a task’s address ends in its id, as the task lists link it.
        </p>
      )}
      {missing && (
        <p class="error" role="alert">
          There is no task {id}. It may have been mistyped, or not have reached aTES yet.
        </p>
      )}
      {!malformed && !missing && (
        <>
          <TaskFacts task={task} history={history.data} session={session} />
          <MoneyHistory history={history} session={session} />
        </>
      )}
    </>
  );
}

const isStatus = (loaded: Loaded<unknown>, status: number) =>
  loaded.failure instanceof ApiError && loaded.failure.status === status;

function TaskFacts({
  task,
  history,
  session,
}: {
  task: Loaded<TaskDetail>;
  history: TaskHistory | undefined;
  session: Session;
}) {
  if (task.loading && !task.data) return <Loading label="Loading the task…" />;
  const notYours = isStatus(task, 403);
  const known = task.data;
  const details = history?.task;
  const assignee = known
    ? known.assignee_id === session.user.id
      ? `${session.user.name} (you)`
      : displayName({ id: known.assignee_id, name: known.assignee_name })
    : null;
  return (
    <Section title="Details">
      {notYours ? (
        <p class="notice">
          {history?.scope === 'all'
            ? 'The task list shows a task to its assignee, managers and admins: here is what Accounting recorded of it.'
            : 'This task is assigned to another employee now: here is what Accounting recorded of it on your account.'}
        </p>
      ) : (
        <ErrorMessage error={task.error} onRetry={task.reload} />
      )}
      <dl class="facts" data-testid="task-facts">
        <dt>Jira id</dt>
        <dd>{known?.jira_id ?? details?.jira_id ?? '—'}</dd>
        <dt>Description</dt>
        <dd class="description">{known?.description || details?.description || '—'}</dd>
        {known && (
          <>
            <dt>Status</dt>
            <dd>
              <span class={`badge ${known.status}`}>{known.status}</span>
              {known.completed_at && ` on ${formatDateTime(known.completed_at)}`}
            </dd>
            <dt>Assignee</dt>
            <dd data-testid="task-assignee">
              {assignee} <span class="muted">since {formatDateTime(known.assigned_at)}</span>
            </dd>
            <dt>Created</dt>
            <dd>{formatDateTime(known.created_at)}</dd>
          </>
        )}
        <dt>Price</dt>
        <dd data-testid="task-price">
          {known ? (
            <PriceCell task={known} />
          ) : history ? (
            <PriceCell
              task={{ fee_cents: history.fee_cents, reward_cents: history.reward_cents }}
            />
          ) : (
            '—'
          )}
        </dd>
      </dl>
    </Section>
  );
}

/** Assignments and completion, as the money they moved: every account's, or the caller's own. */
function MoneyHistory({
  history,
  session,
}: {
  history: ReturnType<typeof usePaged<TaskHistory, TaskMovement>>;
  session: Session;
}) {
  const own = history.data?.scope === 'own';
  const nameOf = (movement: TaskMovement) =>
    movement.user_id === session.user.id
      ? `${session.user.name} (you)`
      : displayName({ id: movement.user_id, name: movement.name });
  return (
    <Section title="Assignment history and fees">
      {isStatus(history, 403) ? (
        <p>No fee or reward of yours has been recorded for this task yet.</p>
      ) : (
        <ErrorMessage error={history.error} onRetry={history.reload} />
      )}
      {history.loading && !history.data && <Loading label="Loading its history…" />}
      {history.data && history.items.length === 0 && !history.hasMore && (
        <p>Accounting has not recorded an assignment of this task yet.</p>
      )}
      {history.items.length > 0 && (
        <div class="table-box">
          <table data-testid="task-history">
            <caption>
              {own
                ? 'Your own fees and reward for this task, oldest first'
                : 'Every assignment’s fee and the completion’s reward, oldest first'}
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                {/* Only the caller's own lines: no column repeating their name. */}
                {!own && <th scope="col">Employee</th>}
                <th scope="col" class="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((movement) => (
                <tr key={movement.id}>
                  <td class="nowrap">{formatDateTime(movement.at)}</td>
                  <td>{movement.type === 'fee' ? 'Assigned: fee' : 'Completed: reward'}</td>
                  {!own && <th scope="row">{nameOf(movement)}</th>}
                  <td class="num">
                    <Money cents={movement.amount_cents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={history} label="Load more of its history" />
    </Section>
  );
}
