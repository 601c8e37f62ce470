import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser } from '../../../test/support/tokens';
import { seededRandomInt } from '#shared/random';
import { SHUFFLE_CHUNK_SIZE } from '../domain/shuffle-job';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { deliverInternalEvents } from '../test-support/drive';
import { outboxStreamReader } from '../test-support/outbox';
import { openTask, seedTasks } from '../test-support/seed';
import { announceUsers } from '../test-support/users';
import { makeTaskerConsumer } from './on-event';
import { handler as shuffle } from './shuffle';
import { handler as shuffleStatus } from './shuffle-status';

// @heavy: a reshuffle of hundreds of tasks (test/support/heavy.ts)

/**
 * 300 by default (in chunks of 100 here, two transactions each: several chunks, the chained
 * requests and the job's completion, each chunk reading ahead while it commits): the 10,000-task
 * run lives in test/tasker-shuffle.system.test.ts, end to end on the local cloud, and running
 * both sizes side by side only makes them fight over one DynamoDB Local.
 * `TASKER_SHUFFLE_TASKS=10000` runs the full size here too.
 */
const TASKS = Number(process.env.TASKER_SHUFFLE_TASKS ?? 300);
const CHUNK = TASKS >= 10_000 ? SHUFFLE_CHUNK_SIZE : 100;
const routes = taskerService.routes;
const consumer = makeTaskerConsumer(
  testDeps({ random: seededRandomInt(2024), config: { shuffleChunkSize: CHUNK } }),
);
const workers = Array.from({ length: 5 }, () => testUser('worker'));
const manager = testUser('manager');
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;

beforeAll(async () => {
  await createTables([taskerService]);
  issuer = await startTestIssuer();
  await announceUsers(consumer, manager, ...workers);
}, 120_000);
afterAll(() => issuer.close());

describe(`a reshuffle of ${TASKS} open tasks`, () => {
  it(
    'moves every task exactly once, a chunk per message, about evenly',
    { timeout: 600_000 },
    async () => {
      const tasks = Array.from({ length: TASKS }, (_, i) =>
        openTask(workers[i % 5]!.id, new Date(Date.UTC(2024, 0, 1) + i * 1000)),
      );
      const seedStart = Date.now();
      await seedTasks(tasks);
      const seedSeconds = (Date.now() - seedStart) / 1000;
      const reader = await outboxStreamReader();
      await reader.readNew();

      const token = await issuer.tokenFor(manager);
      const started = Date.now();
      const pressed = await callRoute(shuffle, routes.shuffle, { token });
      expect(pressed.status).toBe(202);
      const events = await deliverInternalEvents(consumer, reader);
      const seconds = (Date.now() - started) / 1000;
      reader.close();

      const job = (
        await callRoute(shuffleStatus, routes.shuffleStatus, {
          token,
          params: { id: pressed.body.job_id },
        })
      ).body;
      expect(job).toMatchObject({
        status: 'done',
        progress: 1,
        open_tasks_at_start: TASKS,
        processed: TASKS,
        reassigned: TASKS,
        chunks_done: Math.floor(TASKS / CHUNK) + 1,
      });
      const moves = events.filter((e) => e.detailType === 'task.assigned');
      expect(moves.length).toBe(TASKS);
      expect(new Set(moves.map((m) => m.envelope.data.id)).size).toBe(TASKS);
      expect(moves.every((m) => m.envelope.data.assignment_seq === 2)).toBe(true);
      const shares = workers.map(
        (w) => moves.filter((m) => m.envelope.data.user_id === w.id).length / TASKS,
      );
      const [low, high] = TASKS >= 10_000 ? [0.18, 0.22] : [0.15, 0.25];
      for (const share of shares) {
        expect(share).toBeGreaterThanOrEqual(low);
        expect(share).toBeLessThanOrEqual(high);
      }
      console.info(
        `shuffle of ${TASKS}: seeded in ${seedSeconds.toFixed(1)} s, reshuffled in ${seconds.toFixed(1)} s ` +
          `(${(TASKS / seconds).toFixed(0)} tasks/s), shares ${shares.map((s) => s.toFixed(3)).join(' ')}`,
      );
    },
  );
});
