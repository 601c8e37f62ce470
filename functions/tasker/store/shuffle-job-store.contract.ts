import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { newShuffleJob } from '../domain/shuffle-job';
import { commitWith, refusalOf, type ContractSetup } from '../test-support/contract';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 10, minute));
const tally = { processed: 5, reassigned: 4, changed_hands: 3, skipped_completed: 1 };
const guardsOf = (error: unknown) => (error as ConditionsFailed).guards;

/** What the reshuffle relies on from a ShuffleJobStore, on either adapter. */
export function shuffleJobStoreContract(setup: ContractSetup) {
  it('creates a job once (job_is_new) and starts it once (job_is_queued)', async () => {
    const deps = setup();
    const job = newShuffleJob(randomUUID(), randomUUID(), at(0));
    expect(await deps.jobs.find(job.job_id)).toBeUndefined();
    await commitWith(deps, (c) => deps.jobs.queued(c, job));
    expect(await deps.jobs.find(job.job_id)).toEqual(job);
    expect(guardsOf(await refusalOf(deps, (c) => deps.jobs.queued(c, job)))).toEqual([
      'job_is_new',
    ]);
    await commitWith(deps, (c) => deps.jobs.started(c, job.job_id, 12, at(1)));
    expect(await deps.jobs.find(job.job_id)).toEqual({
      ...job,
      status: 'running',
      started_at: at(1).toISOString(),
      open_tasks_at_start: 12,
    });
    const again = await refusalOf(deps, (c) => deps.jobs.started(c, job.job_id, 12, at(2)));
    expect(again).toBeInstanceOf(ConditionsFailed);
    expect(guardsOf(again)).toEqual(['job_is_queued']);
  });

  it('counts each chunk once, in order (chunk_is_next), and ends the job done or failed', async () => {
    const deps = setup();
    const [done, failed] = [randomUUID(), randomUUID()];
    for (const id of [done, failed]) {
      await commitWith(deps, (c) => deps.jobs.queued(c, newShuffleJob(id, randomUUID(), at(0))));
      await commitWith(deps, (c) => deps.jobs.started(c, id, 10, at(1)));
    }
    const count = (chunk: number, outcome: Parameters<typeof deps.jobs.chunkCounted>[4]) =>
      refusalOf(deps, (c) => deps.jobs.chunkCounted(c, done, chunk, tally, outcome, at(2)));
    expect(await count(1, { next: 'k' })).toBeUndefined();
    expect(guardsOf(await count(1, { next: 'k' }))).toEqual(['chunk_is_next']);
    expect(guardsOf(await count(3, { next: 'k' }))).toEqual(['chunk_is_next']);
    expect(await count(2, { done: true })).toBeUndefined();
    expect(await deps.jobs.find(done)).toMatchObject({
      status: 'done',
      finished_at: at(2).toISOString(),
      processed: 10,
      reassigned: 8,
      changed_hands: 6,
      skipped_completed: 2,
      chunks_done: 2,
      failure_reason: null,
    });
    expect(guardsOf(await count(3, { next: 'k' }))).toEqual(['chunk_is_next']);

    await commitWith(deps, (c) =>
      deps.jobs.chunkCounted(c, failed, 1, tally, { failed: 'nobody' }, at(3)),
    );
    expect(await deps.jobs.find(failed)).toMatchObject({
      status: 'failed',
      finished_at: at(3).toISOString(),
      failure_reason: 'nobody',
      chunks_done: 1,
    });
  });
}
