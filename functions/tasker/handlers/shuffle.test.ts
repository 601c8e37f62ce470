import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser } from '../../../test/support/tokens';
import { seededRandomInt } from '../domain/random';
import { taskerService } from '../service';
import { findTask } from '../store/task-store';
import { deliverInternalEvents } from '../test-support/drive';
import { countRecords, outboxStreamReader } from '../test-support/outbox';
import { openTask, seedTasks } from '../test-support/seed';
import { announceUsers } from '../test-support/users';
import { makeTaskerConsumer } from './on-event';
import { handler as shuffle } from './shuffle';
import { handler as shuffleStatus } from './shuffle-status';

const routes = taskerService.routes;
const consumer = makeTaskerConsumer(seededRandomInt(5));
const workers = [testUser('worker'), testUser('worker'), testUser('accountant')];
const manager = testUser('manager');
const worker = workers[0]!;
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
let reader: Awaited<ReturnType<typeof outboxStreamReader>>;
let managerToken: string;

const status = (id: string) =>
  callRoute(shuffleStatus, routes.shuffleStatus, { token: managerToken, params: { id } });

beforeAll(async () => {
  await createTables([taskerService]);
  issuer = await startTestIssuer();
  managerToken = await issuer.tokenFor(manager);
  await announceUsers(consumer, manager, ...workers);
  reader = await outboxStreamReader();
});
afterAll(async () => {
  reader.close();
  await issuer.close();
});

describe('reshuffle', () => {
  it('is for managers and admins: a worker pressing it gets 403 and nothing is written', async () => {
    const token = await issuer.tokenFor(worker);
    const before = await countRecords('outbox');
    const pressed = await callRoute(shuffle, routes.shuffle, { token });
    expect(pressed.status).toBe(403);
    expect(await countRecords('shuffle_job')).toBe(0);
    expect(await countRecords('outbox')).toBe(before);
    expect(
      (
        await callRoute(shuffleStatus, routes.shuffleStatus, {
          token,
          params: { id: crypto.randomUUID() },
        })
      ).status,
    ).toBe(403);
    expect((await status(crypto.randomUUID())).status).toBe(404);
  });

  it('runs a second press after the first, in order, and moves every open task twice', async () => {
    const tasks = Array.from({ length: 250 }, (_, i) =>
      openTask(worker.id, new Date(Date.UTC(2024, 0, 1, 0, 0, i))),
    );
    const completed = {
      ...openTask(worker.id),
      status: 'completed' as const,
      completed_at: new Date().toISOString(),
    };
    await seedTasks([...tasks, completed]);
    await reader.readNew(); // start from here

    const first = await callRoute(shuffle, routes.shuffle, { token: managerToken });
    const second = await callRoute(shuffle, routes.shuffle, { token: managerToken });
    expect(first.status).toBe(202);
    expect(first.headers.location).toBe(`/tasks/shuffles/${first.body.job_id}`);
    expect(second.status).toBe(202);
    expect((await status(second.body.job_id)).body).toMatchObject({
      status: 'queued',
      queue_position: 2,
    });

    const progress: number[] = [];
    const seen = await deliverInternalEvents(consumer, reader, {
      afterEachRound: async () => {
        const job = (await status(first.body.job_id)).body;
        if (job.status === 'running') progress.push(job.progress);
      },
    });
    // 250 tasks in chunks of 100: the first job is seen part-way before it is done.
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);

    const [one, two] = [
      (await status(first.body.job_id)).body,
      (await status(second.body.job_id)).body,
    ];
    for (const job of [one, two])
      expect(job).toMatchObject({
        status: 'done',
        progress: 1,
        open_tasks_at_start: 250,
        processed: 250,
        reassigned: 250,
        skipped_completed: 0,
        chunks_done: 3,
      });
    expect(two.started_at >= one.finished_at).toBe(true);

    const assigned = seen.filter((e) => e.detailType === 'task.assigned');
    expect(assigned.length).toBe(500);
    expect(new Set(assigned.map((e) => e.envelope.data.assignment_id)).size).toBe(500);
    const seqs = assigned.map((e) => e.envelope.data.assignment_seq);
    expect(seqs.filter((s) => s === 2).length).toBe(250);
    expect(seqs.filter((s) => s === 3).length).toBe(250);
    for (const task of tasks.slice(0, 20)) {
      const found = (await findTask(task.id))!.task;
      expect(found).toMatchObject({
        status: 'open',
        assignment_seq: 3,
        last_shuffle_job: two.job_id,
      });
      expect(workers.map((w) => w.id)).toContain(found.assignee_id);
    }
    // The completed task stays with whoever completed it.
    expect((await findTask(completed.id))!.task).toMatchObject({
      status: 'completed',
      assignee_id: worker.id,
      assignment_seq: 1,
    });
  });

  it('moves a task once per job even when a chunk is delivered again', async () => {
    const tasks = Array.from({ length: 30 }, () => openTask(worker.id));
    await seedTasks(tasks);
    await reader.readNew();
    const pressed = await callRoute(shuffle, routes.shuffle, { token: managerToken });
    const delivered: string[] = [];
    const duplicating: typeof consumer = async (event) => {
      delivered.push(...event.Records.map((r) => r.body));
      // Every internal message is delivered twice, as SQS at-least-once delivery may do.
      await consumer(event);
      return consumer(event);
    };
    const seen = await deliverInternalEvents(duplicating, reader);
    const job = (await status(pressed.body.job_id)).body;
    expect(job.status).toBe('done');
    const moved = seen.filter(
      (e) => e.detailType === 'task.assigned' && tasks.some((t) => t.id === e.envelope.data.id),
    );
    expect(moved.length).toBe(30);
    expect(delivered.length).toBeGreaterThan(0);
  });
});
