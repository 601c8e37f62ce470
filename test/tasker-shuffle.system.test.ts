import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authService } from '../functions/auth/service';
import { taskerService } from '../functions/tasker/service';
import { openTask, seedTasks } from '../functions/tasker/test-support/seed';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { apiClient } from './support/api';
import { pollUntil } from './support/poll';
import { startTestCloud } from './support/cloud';
import { makeSignedIn } from './support/people';
import type { Role } from '#events';

// @heavy: a reshuffle of hundreds of tasks through the local cloud (test/support/heavy.ts)

/**
 * The reshuffle button end to end on the local cloud: users come from Auth through the outbox,
 * stream, bus and Tasker's queue; the shuffle runs as a chain of chunk messages through the
 * same path; the test only speaks HTTP to the gateway (the open tasks are seeded straight into
 * Tasker's table, because creating thousands over HTTP would test nothing more and take minutes).
 * TASKER_SYSTEM_TASKS sets the size (default 400: four chunks, enough to see the progress between
 * them; `npm run bench -- --only reshuffle` runs 1,000 and 10,000).
 */
const TASKS = Number(process.env.TASKER_SYSTEM_TASKS ?? 400);
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud([authService, taskerService]);
}, 120_000);
afterAll(() => cloud?.stop());

const api = apiClient(() => cloud.urls.gateway);

/** An employee as an admin would create them in Auth, signed in over HTTP. */
async function employee(role: Role) {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@uberpopug.test`;
  return makeSignedIn(api, { email, name: `Popug ${role}`, role });
}

describe(`reshuffle of ${TASKS} open tasks on the local cloud`, () => {
  it(
    'moves every open task once and reports progress to the end',
    { timeout: 600_000 },
    async () => {
      const manager = await employee('manager');
      const workers = await Promise.all(Array.from({ length: 5 }, () => employee('worker')));
      await cloud.settled(60_000); // the user.created events have reached Tasker's replica

      const created = await api('/tasks', {
        method: 'POST',
        token: workers[0]!.token,
        body: { title: 'Fix beak', jira_id: 'UBERPOP-42', description: 'created over HTTP' },
      });
      expect(created.status).toBe(201);
      await seedTasks(
        Array.from({ length: TASKS - 1 }, (_, i) =>
          openTask(workers[i % 5]!.id, new Date(Date.UTC(2024, 0, 1) + i * 1000)),
        ),
      );

      const started = Date.now();
      const pressed = await api('/tasks/shuffle', { method: 'POST', token: manager.token });
      expect(pressed.status).toBe(202);
      const refused = await api('/tasks/shuffle', { method: 'POST', token: workers[0]!.token });
      expect(refused.status).toBe(403);

      const progress: number[] = [];
      const job = await pollUntil(
        `the reshuffle of ${TASKS} tasks`,
        async () => {
          const status = await api(`/tasks/shuffles/${pressed.body.job_id}`, {
            token: manager.token,
          });
          expect(status.status).toBe(200);
          expect(cloud.deadLetters.list()).toEqual([]);
          progress.push(status.body.progress);
          return status.body;
        },
        (job) => job.status === 'done',
        // Polled often: the job must be seen part-way through, and on a quiet CI machine it once
        // went from its first poll to done between two polls 250 ms apart.
        { timeoutMs: 540_000, intervalMs: 20 },
      );
      const seconds = (Date.now() - started) / 1000;
      expect(job).toMatchObject({
        open_tasks_at_start: TASKS,
        processed: TASKS,
        reassigned: TASKS,
      });
      expect(progress.some((p) => p > 0 && p < 1)).toBe(true);

      // Every open task, read back over HTTP a page at a time, is at its second assignment.
      const seqs = new Map<number, number>();
      let cursor: string | undefined;
      let listed = 0;
      do {
        const path = `/tasks?assignee=all&status=open&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
        // Every page must answer 200 at the first ask: a 5xx here is a bug, never retried away.
        const page = await api(path, { token: manager.token });
        expect(page.status, `GET ${path}: ${JSON.stringify(page.body)}`).toBe(200);
        for (const task of page.body.tasks)
          seqs.set(task.assignment_seq, (seqs.get(task.assignment_seq) ?? 0) + 1);
        listed += page.body.tasks.length;
        cursor = page.body.next_cursor ?? undefined;
      } while (cursor);
      expect(listed).toBe(TASKS);
      expect([...seqs]).toEqual([[2, TASKS]]);
      console.info(
        `local cloud: reshuffled ${TASKS} tasks in ${seconds.toFixed(1)} s (${(TASKS / seconds).toFixed(0)} tasks/s)`,
      );
    },
  );
});
