// Long because the reshuffle's races on real DynamoDB share one table, one issuer and one stream reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser, type TestUser } from '../../../test/support/tokens';
import type { ShuffleJobStore, ShuffleMoveStore, UserReplicaStore } from '../domain/ports';
import type { Task } from '../domain/task';
import { seededRandomInt } from '#shared/random';
import { SHUFFLE_CHUNK_SIZE } from '../domain/shuffle-job';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { deliverInternalEvents } from '../test-support/drive';
import { countRecords, outboxStreamReader, type OutboxEvent } from '../test-support/outbox';
import { withPoolRead } from '../test-support/racing-pool';
import { redelivering } from '../test-support/redeliver';
import { commitCompletion, openTask, seedTasks } from '../test-support/seed';
import { announceDeactivation, announceUsers, poolOfExactly } from '../test-support/users';
import { makeTaskerConsumer } from './on-event';
import { handler as shuffle } from './shuffle';
import { handler as shuffleStatus } from './shuffle-status';
import { CONSISTENT } from '../domain/read-consistency';

const routes = taskerService.routes;
/**
 * Chunks of 50 tasks (one transaction) here, so a few dozen tasks make several chunks (progress
 * seen part-way, chained requests); the last tests run the default size, several transactions
 * a chunk. (100 before issue 24: every test moves whatever earlier ones left open again.)
 */
const CHUNK = 50;
const config = { shuffleChunkSize: CHUNK };
const deps = testDeps({ random: seededRandomInt(5), config });
const consumer = makeTaskerConsumer(deps);
const workers = [testUser('worker'), testUser('worker'), testUser('accountant')];
const manager = testUser('manager');
const worker = workers[0]!;
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
let reader: Awaited<ReturnType<typeof outboxStreamReader>>;
let managerToken: string;

const pool = (...users: TestUser[]) => poolOfExactly(consumer, deps(), ...users);
const press = () => callRoute(shuffle, routes.shuffle, { token: managerToken });
const status = (id: string) =>
  callRoute(shuffleStatus, routes.shuffleStatus, { token: managerToken, params: { id } });
const findTask = async (id: string) => (await deps().tasks.find(id, CONSISTENT))!.task;
/** Tops the open tasks up to `count`: the last tests move whatever earlier ones left open too. */
const openAtLeast = async (count: number) =>
  seedTasks(
    Array.from({ length: Math.max(0, count - (await deps().moves.countOpen())) }, () =>
      openTask(worker.id),
    ),
  );
const movesOf = (events: OutboxEvent[], taskIds: readonly string[]) =>
  events.filter(
    (e) => e.detailType === 'task.assigned' && taskIds.includes(e.envelope.data.id as string),
  );

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
    const before = [await countRecords('outbox'), await countRecords('shuffle_job')];
    const pressed = await callRoute(shuffle, routes.shuffle, { token });
    expect(pressed.status).toBe(403);
    expect([await countRecords('outbox'), await countRecords('shuffle_job')]).toEqual(before);
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

  it('queues a press made while a job runs, runs it after, and moves every open task twice', async () => {
    await pool(...workers);
    // Two chunks, so the job is seen part-way (60, not 250 then 150 as before issue 24: every
    // later test of this file moves the tasks left open here again).
    const tasks = Array.from({ length: 60 }, (_, i) =>
      openTask(worker.id, new Date(Date.UTC(2024, 0, 1, 0, 0, i))),
    );
    const completed = {
      ...openTask(worker.id),
      status: 'completed' as const,
      completed_at: new Date().toISOString(),
    };
    await seedTasks([...tasks, completed]);
    await reader.readNew(); // start from here
    const open = await deps().moves.countOpen();

    const first = await press();
    expect(first.status).toBe(202);
    expect(first.headers.location).toBe(`/tasks/shuffles/${first.body.job_id}`);
    // The first job starts (its first chunk is requested, not yet run); then the second press.
    const startRound = await deliverInternalEvents(consumer, reader, { maxRounds: 1 });
    expect((await status(first.body.job_id)).body.status).toBe('running');
    const second = await press();
    expect(second.status).toBe(202);
    expect(second.body.job_id).not.toBe(first.body.job_id);
    expect((await status(second.body.job_id)).body).toMatchObject({
      status: 'queued',
      queue_position: 1,
    });

    const progress: number[] = [];
    const seen = [
      ...startRound,
      ...(await deliverInternalEvents(consumer, reader, {
        afterEachRound: async () => {
          const job = (await status(first.body.job_id)).body;
          if (job.status === 'running') progress.push(job.progress);
        },
      })),
    ];
    // 60 tasks in chunks of 50: the first job is seen part-way before it is done.
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);

    const [one, two] = [
      (await status(first.body.job_id)).body,
      (await status(second.body.job_id)).body,
    ];
    for (const job of [one, two])
      expect(job).toMatchObject({
        status: 'done',
        progress: 1,
        open_tasks_at_start: open,
        processed: open,
        reassigned: open,
        skipped_completed: 0,
        chunks_done: Math.floor(open / CHUNK) + 1,
        failure_reason: null,
      });
    expect(two.started_at >= one.finished_at).toBe(true);

    const ids = tasks.map((t) => t.id);
    const assigned = movesOf(seen, ids);
    expect(assigned.length).toBe(2 * tasks.length);
    // Each job's count of tasks that changed hands matches its moves as the events tell them:
    // job one gave every task its assignment 2, job two its assignment 3.
    const holderAt = new Map(tasks.map((t) => [`${t.id}#1`, t.assignee_id]));
    for (const event of assigned) {
      const data = event.envelope.data as { id: string; user_id: string; assignment_seq: number };
      holderAt.set(`${data.id}#${data.assignment_seq}`, data.user_id);
    }
    const changedIn = (seq: number) =>
      tasks.filter((t) => holderAt.get(`${t.id}#${seq}`) !== holderAt.get(`${t.id}#${seq - 1}`))
        .length;
    expect([one.changed_hands, two.changed_hands]).toEqual([changedIn(2), changedIn(3)]);
    expect(one.changed_hands).toBeLessThan(open); // three candidates: some drew their holder
    expect(new Set(assigned.map((e) => e.envelope.data.assignment_id)).size).toBe(2 * tasks.length);
    const seqs = assigned.map((e) => e.envelope.data.assignment_seq);
    expect(seqs.filter((s) => s === 2).length).toBe(tasks.length);
    expect(seqs.filter((s) => s === 3).length).toBe(tasks.length);
    for (const task of tasks.slice(0, 20)) {
      const found = await findTask(task.id);
      expect(found).toMatchObject({
        status: 'open',
        assignment_seq: 3,
        last_shuffle_job: two.job_id,
      });
      expect(workers.map((w) => w.id)).toContain(found.assignee_id);
    }
    // The completed task stays with whoever completed it.
    expect(await findTask(completed.id)).toMatchObject({
      status: 'completed',
      assignee_id: worker.id,
      assignment_seq: 1,
    });
  });

  it('joins a double press to the job still waiting: the same job id, one reshuffle', async () => {
    await pool(...workers);
    const tasks = Array.from({ length: 20 }, () => openTask(worker.id));
    await seedTasks(tasks);
    await reader.readNew();
    const jobsBefore = await countRecords('shuffle_job');

    // Two presses at once, and a third while the job is still queued and not started.
    const presses = [...(await Promise.all([press(), press()])), await press()];
    for (const pressed of presses) expect(pressed.status).toBe(202);
    expect(new Set(presses.map((p) => p.body.job_id)).size).toBe(1);
    expect(await countRecords('shuffle_job')).toBe(jobsBefore + 1);

    const seen = await deliverInternalEvents(consumer, reader);
    expect(
      movesOf(
        seen,
        tasks.map((t) => t.id),
      ).length,
    ).toBe(20);
    expect((await status(presses[0]!.body.job_id)).body.status).toBe('done');
    for (const task of tasks) expect((await findTask(task.id)).assignment_seq).toBe(2);
  });

  it('moves a task once per job even when a chunk is delivered again', async () => {
    await pool(...workers);
    const tasks = Array.from({ length: 30 }, () => openTask(worker.id));
    await seedTasks(tasks);
    await reader.readNew();
    const pressed = await press();
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
    expect(
      movesOf(
        seen,
        tasks.map((t) => t.id),
      ).length,
    ).toBe(30);
    expect(delivered.length).toBeGreaterThan(0);
  });

  it('counts, not repeats, the moves of a chunk that failed after them (the last_shuffle_job guard)', async () => {
    await pool(...workers);
    const tasks = Array.from({ length: 30 }, () => openTask(worker.id));
    await seedTasks(tasks);
    await reader.readNew();
    const open = await deps().moves.countOpen();
    const real = deps().jobs;
    let died = false;
    // The invocation dies after its moves are committed and before the chunk is counted.
    const dyingAfterMoves: ShuffleJobStore = {
      find: (id) => real.find(id),
      queued: (changes, job) => real.queued(changes, job),
      started: (...args) => real.started(...args),
      chunkCounted: (...args) => {
        if (!died) {
          died = true;
          throw new Error('the invocation timed out after the moves');
        }
        return real.chunkCounted(...args);
      },
    };
    const sqs = redelivering(
      makeTaskerConsumer(testDeps({ random: seededRandomInt(6), jobs: dyingAfterMoves, config })),
    );
    const pressed = await press();
    const seen = await deliverInternalEvents(sqs.deliver, reader);

    expect(died).toBe(true);
    expect(sqs.redeliveries()).toBe(1);
    const ids = tasks.map((t) => t.id);
    // Moved once: the redelivery found each task already moved by this job and counted it.
    expect(movesOf(seen, ids).length).toBe(30);
    const job = (await status(pressed.body.job_id)).body;
    expect(job).toMatchObject({
      status: 'done',
      open_tasks_at_start: open,
      processed: open,
      reassigned: open,
      chunks_done: Math.floor(open / CHUNK) + 1,
    });
    for (const id of ids)
      expect(await findTask(id)).toMatchObject({
        assignment_seq: 2,
        last_shuffle_job: pressed.body.job_id,
      });
  });

  it('moves nothing to an employee whose deactivation reached Tasker while a chunk was at work', async () => {
    const [leaving, staying] = [testUser('worker'), testUser('worker')];
    await pool(leaving, staying);
    const tasks = Array.from({ length: 40 }, () => openTask(worker.id));
    await seedTasks(tasks);
    await reader.readNew();
    const pressed = await press();
    const real = deps().users;
    let deactivated = false;
    // The chunk reads the pool, then the deactivation arrives before its moves commit.
    const racing = withPoolRead(real, async (read) => {
      if (deactivated) return real.assignableIds(read);
      const stale = await real.assignableIds(read);
      await announceDeactivation(consumer, leaving, 100);
      deactivated = true;
      return stale;
    });
    const racingConsumer = makeTaskerConsumer(
      testDeps({ random: seededRandomInt(7), users: racing, config }),
    );
    const seen = await deliverInternalEvents(racingConsumer, reader);

    expect(deactivated).toBe(true);
    const moves = movesOf(
      seen,
      tasks.map((t) => t.id),
    );
    expect(moves.length).toBe(40);
    expect(new Set(moves.map((m) => m.envelope.data.user_id))).toEqual(new Set([staying.id]));
    expect((await status(pressed.body.job_id)).body.status).toBe('done');
  });

  it('fails the job with its reason and frees the lane when a chunk finds nobody assignable', async () => {
    await pool(...workers);
    const tasks = Array.from({ length: 10 }, () => openTask(worker.id));
    await seedTasks(tasks);
    await reader.readNew();
    const doomed = await press();
    await pool(); // everyone leaves before the job's chunk runs

    const sqs = redelivering(consumer);
    const seen = await deliverInternalEvents(sqs.deliver, reader);
    expect(sqs.redeliveries()).toBe(0); // decided once, not retried into the dead-letter queue
    expect(
      movesOf(
        seen,
        tasks.map((t) => t.id),
      ),
    ).toEqual([]);
    const failed = (await status(doomed.body.job_id)).body;
    expect(failed).toMatchObject({ status: 'failed', chunks_done: 1 });
    expect(failed.failure_reason).toMatch(/nobody was assignable/);
    expect(failed.finished_at).not.toBeNull();

    // The lane is free: the next press (once someone can take tasks) runs to the end.
    const hired = testUser('worker');
    await pool(hired);
    const next = await press();
    expect(next.status).toBe(202);
    expect(next.body.job_id).not.toBe(doomed.body.job_id);
    const after = await deliverInternalEvents(consumer, reader);
    expect((await status(next.body.job_id)).body.status).toBe('done');
    const moves = movesOf(
      after,
      tasks.map((t) => t.id),
    );
    expect(moves.map((m) => m.envelope.data.user_id)).toEqual(tasks.map(() => hired.id));
  });
  it('counts each task once when a chunk of several transactions dies after some of them commit', async () => {
    await pool(...workers);
    await openAtLeast(300); // the first chunk holds four transactions at least
    await reader.readNew();
    const open = await deps().moves.countOpen();
    const real = deps().users;
    let batches = 0;
    let died = false;
    // The fourth transaction of the first chunk never commits: the invocation dies while the
    // chunk reads the batch after it ahead, with three batches' moves already committed.
    const dyingMidChunk: UserReplicaStore = {
      find: (id) => real.find(id),
      callerState: (id) => real.callerState(id),
      replaced: (changes, user) => real.replaced(changes, user),
      assignableIds: (read) => real.assignableIds(read),
      stillAssignable: (changes, ids) => {
        if (!died && ++batches === 4) {
          died = true;
          throw new Error('the invocation timed out after three transactions');
        }
        return real.stillAssignable(changes, ids);
      },
    };
    const sqs = redelivering(
      makeTaskerConsumer(testDeps({ random: seededRandomInt(8), users: dyingMidChunk })),
    );
    const pressed = await press();
    const seen = await deliverInternalEvents(sqs.deliver, reader);

    expect(died).toBe(true);
    expect(sqs.redeliveries()).toBe(1);
    // Only this job ran: every `task.assigned` is one of its moves, one per open task.
    const moved = seen.filter((e) => e.detailType === 'task.assigned');
    expect(moved.length).toBe(open);
    expect(new Set(moved.map((e) => e.envelope.data.id)).size).toBe(open);
    expect((await status(pressed.body.job_id)).body).toMatchObject({
      status: 'done',
      processed: open,
      reassigned: open,
      skipped_completed: 0,
      chunks_done: Math.floor(open / SHUFFLE_CHUNK_SIZE) + 1,
    });
  });

  it('leaves a task completed after the chunk read it ahead with its assignee, and counts it', async () => {
    await pool(...workers);
    await openAtLeast(100); // two transactions at least
    await reader.readNew();
    const open = await deps().moves.countOpen();
    const real = deps().moves;
    let reads = 0;
    let completedAhead: Task | undefined;
    // The second batch is read while the first commits; its first task is completed right
    // after that read, before its own transaction: the move planned on the stale read is refused.
    const completingAfterRead: ShuffleMoveStore = {
      countOpen: () => real.countOpen(),
      openPage: (after, limit) => real.openPage(after, limit),
      moved: (...args) => real.moved(...args),
      moveGuard: (id) => real.moveGuard(id),
      read: async (ids, consistency) => {
        const tasks = await real.read(ids, consistency);
        if (++reads === 2) {
          const task = tasks[0]!;
          await commitCompletion(deps(), task, task.assignee_id);
          completedAhead = task;
        }
        return tasks;
      },
    };
    const racing = makeTaskerConsumer(
      testDeps({ random: seededRandomInt(9), moves: completingAfterRead }),
    );
    const pressed = await press();
    const seen = await deliverInternalEvents(racing, reader);

    expect(completedAhead).toBeDefined();
    const { id, assignee_id, assignment_seq } = completedAhead!;
    expect(movesOf(seen, [id])).toEqual([]);
    expect(await findTask(id)).toMatchObject({ status: 'completed', assignee_id, assignment_seq });
    const moved = seen.filter((e) => e.detailType === 'task.assigned');
    expect(moved.length).toBe(open - 1);
    expect((await status(pressed.body.job_id)).body).toMatchObject({
      status: 'done',
      processed: open,
      reassigned: open - 1,
      skipped_completed: 1,
    });
  });
});
