import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Changes } from '#shared/unit-of-work/changes';
import { callsDuring, readsOf, type DynamoCall } from '../../../test/support/dynamo-calls';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser } from '../../../test/support/tokens';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { openTask, seedTasks } from '../test-support/seed';
import { poolOfExactly } from '../test-support/users';
import { requestShuffle } from '../use-cases/request-shuffle';
import { runShuffleChunk } from '../use-cases/run-shuffle-chunk';
import { startShuffle } from '../use-cases/start-shuffle';
import { handler as completeTask } from './complete-task';
import { handler as createTask } from './create-task';
import { makeTaskerConsumer } from './on-event';

/**
 * Which of a lifecycle's Tasker reads are eventually consistent (half the read units), on the
 * real stores: those whose decision a condition at commit guards, or that read a replica fed by
 * events; the others stay consistent. Each read is told by its operation, the kind of item it
 * names (its key's prefix) and whether it asked for ConsistentRead.
 */
const routes = taskerService.routes;
const deps = testDeps();
const consumer = makeTaskerConsumer(deps);
const worker = testUser('worker');
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
let token: string;

beforeAll(async () => {
  await createTables([taskerService]);
  issuer = await startTestIssuer();
  token = await issuer.tokenFor(worker);
  await poolOfExactly(consumer, deps(), worker);
});
afterAll(() => issuer.close());

const kindOf = (pk: unknown) => String(pk).split('#')[0];

/** Each read as `<operation> <kind> consistent|eventual`, signing keys left out (cached). */
function readsTold(calls: readonly DynamoCall[]): string[] {
  return readsOf(calls).flatMap(({ operation, input }) => {
    const how = (consistent: unknown) => (consistent === true ? 'consistent' : 'eventual');
    if (operation === 'BatchGetItem') {
      const requests = Object.values(input.RequestItems as Record<string, unknown>) as {
        Keys: { pk: string }[];
        ConsistentRead?: boolean;
      }[];
      return requests.map(
        (r) =>
          `BatchGetItem ${[...new Set(r.Keys.map((k) => kindOf(k.pk)))].join(',')} ${how(r.ConsistentRead)}`,
      );
    }
    const pk =
      operation === 'Query'
        ? (input.ExpressionAttributeValues as Record<string, unknown>)[':pk']
        : (input.Key as { pk: string }).pk;
    return [`${operation} ${kindOf(pk)} ${how(input.ConsistentRead)}`];
  });
}

describe("Tasker's reads in a task's lifecycle", () => {
  it('create and complete: the pool and the task read eventually consistent, the caller consistently', async () => {
    const body = { title: 'Polish the perch', description: 'both ends' };
    let taskId = '';
    const creating = await callsDuring(async () => {
      const created = await callRoute(createTask, routes.createTask, { token, body });
      expect(created.status).toBe(201);
      taskId = created.body.id as string;
    });
    expect(readsTold(creating).filter((r) => !r.includes('SIGNING'))).toEqual([
      'GetItem USER consistent',
      'GetItem ASSIGNABLE_USERS eventual',
    ]);

    const completing = await callsDuring(async () => {
      const params = { id: taskId };
      const completed = await callRoute(completeTask, routes.completeTask, { token, params });
      expect(completed.status).toBe(200);
    });
    expect(readsTold(completing).filter((r) => !r.includes('SIGNING'))).toEqual([
      'GetItem USER consistent',
      'Query TASK eventual',
    ]);
  });

  it("a reshuffle chunk: the batch's tasks eventually, the job, the pool and the lane consistently", async () => {
    await seedTasks([openTask(worker.id), openTask(worker.id)]);
    const d = deps();
    const react = async (reaction: (changes: Changes) => Promise<void>) => {
      const changes = d.unitOfWork.begin({ correlationId: 'reads' });
      await reaction(changes);
      await d.unitOfWork.commit(changes);
    };
    const job = await requestShuffle(d, { requestedBy: worker.id }, { correlationId: 'reads' });
    await react((changes) => startShuffle(d, changes));
    const chunk = { job_id: job.job_id, chunk: 1, after: null };
    const running = await callsDuring(() => react((c) => runShuffleChunk(d, chunk, c)));
    expect(readsTold(running).filter((r) => !r.startsWith('Query'))).toEqual([
      'GetItem SHUFFLE consistent',
      'BatchGetItem TASK eventual',
      'GetItem ASSIGNABLE_USERS consistent',
      // The job's end hands the lane on: read as the condition on it expects it.
      'GetItem SHUFFLE_LANE consistent',
    ]);
  });
});
