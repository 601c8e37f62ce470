import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../api';
import type { ShuffleJob, TaskPage } from '../types';
import { poll } from '../use-api';
import { useConfirm } from './confirm';
import { ErrorMessage, ProgressBar } from './ui';

/** Pages through the open tasks to say how many a reshuffle would move (at most 1,000 read). */
async function countOpenTasks(): Promise<string> {
  let count = 0;
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const answer = await api<TaskPage>('/tasks', {
      query: { assignee: 'all', status: 'open', limit: '100', cursor },
    });
    count += answer.tasks.length;
    cursor = answer.next_cursor ?? undefined;
    if (!cursor) return String(count);
  }
  return `more than ${count}`;
}

/** The Reshuffle button (after a confirmation) and its job's live progress. */
export function Reshuffle({ onFinished }: { onFinished: () => void }) {
  const [job, setJob] = useState<ShuffleJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { ask, dialog } = useConfirm();
  const running = job !== null && !isFinished(job);

  useEffect(() => {
    if (!job || isFinished(job)) return;
    return poll(
      async () => {
        const next = await api<ShuffleJob>(`/tasks/shuffles/${job.job_id}`);
        setJob(next);
        if (isFinished(next)) onFinished();
        return isFinished(next);
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
      const open = await countOpenTasks();
      const yes = await ask(
        'Reshuffle every open task?',
        <p>
          All <strong>{open}</strong> open tasks go to a random worker each. Every reassignment
          charges its new assignee the task’s fee, even when the same worker draws it again. This
          cannot be undone.
        </p>,
        `Reshuffle ${open} tasks`,
      );
      if (yes) setJob(await api<ShuffleJob>('/tasks/shuffle', { method: 'POST' }));
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
      {dialog}
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
            <ProgressBar
              label="Reshuffle progress"
              value={job.processed ?? 0}
              max={total}
              unit="tasks"
            />
          </>
        )}
        {job && job.status === 'done' && <p class="success">{finished(job, total)}</p>}
        {job && job.status === 'failed' && (
          <p class="error" role="alert">
            The reshuffle stopped: {job.failure_reason ?? 'no reason was given'}. Tasks it had
            already moved stay moved; the others keep their assignees.
          </p>
        )}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}

/** A job that will change no more: done, or failed with its reason. */
const isFinished = (job: ShuffleJob) => job.status === 'done' || job.status === 'failed';

/** "12 of 16 open tasks changed hands; 4 drew the same worker again." */
function finished(job: ShuffleJob, total: number): string {
  const reassigned = job.reassigned ?? 0;
  if (job.changed_hands === undefined)
    return `Reshuffle finished: ${reassigned} of ${total} open tasks reassigned.`;
  const same = reassigned - job.changed_hands;
  return (
    `Reshuffle finished: ${job.changed_hands} of ${total} open tasks changed hands` +
    (same > 0 ? `; ${same} drew the same worker again.` : '.')
  );
}
