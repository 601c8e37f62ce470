import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';
import { businessDateOf } from '#shared/time/business-day';
import type { LocalCloud } from '../local/cloud/local-cloud';
import {
  accountDays,
  checkAssignees,
  checkEntryCounts,
  checkLedger,
  checkOutboxesConsumed,
} from '../scripts/soak/checks';
import { allTasks } from '../scripts/soak/drive';
import { apiOf, expectStatus, type Api } from '../scripts/soak/http';
import { hirePopulation, type Person, type Population } from '../scripts/soak/population';
import { tableReader } from '../scripts/soak/tables';
import { pollUntil } from './support/poll';
import { startTestCloud } from './support/cloud';

// @heavy: parallel completions racing three reshuffles, every transaction on one engine (test/support/heavy.ts)

/**
 * Races on one account: tasks created at once land their assignment fees on (mostly) one
 * worker's account, then that worker completes 10 tasks at once while three reshuffles run at
 * the same time. Balance = ledger, one fee per assignment, one reward per accepted completion,
 * and every task keeps exactly one assignee. RACE_COMPLETIONS sets how many completions race
 * (default 10: with the balance's revision guard let through, 10 still left two accounts' balances
 * off their ledgers; 20 and 50 before issue 24's budget, RACE_COMPLETIONS=50 runs that size).
 */
const COMPLETIONS = Number(process.env.RACE_COMPLETIONS ?? 10);
/** Tasks created at once before the race: about half land on the worker. */
const CREATED = Math.ceil(1.2 * COMPLETIONS);
let cloud: LocalCloud;
let api: Api;

beforeAll(async () => {
  cloud = await startTestCloud(SERVICES, { timeZone: 'UTC', deliveryCopies: 2 });
  api = apiOf(cloud.urls.gateway);
}, 120_000);
afterAll(() => cloud?.stop());

async function openTasksOf(person: Person) {
  const res = expectStatus(
    await api('/tasks?assignee=me&status=open&limit=100', { token: person.token }),
    200,
    'my open tasks',
  );
  return (res.body.tasks as { id: string }[]).map((t) => t.id);
}

async function reshuffle(manager: Person) {
  const res = expectStatus(
    await api('/tasks/shuffle', { method: 'POST', token: manager.token }),
    202,
    'reshuffle',
  );
  const job = await pollUntil(
    'the reshuffle',
    () => api(`/tasks/shuffles/${res.body.job_id}`, { token: manager.token }),
    (job) => job.body.status === 'done' || job.body.status === 'failed',
    { timeoutMs: 60_000 },
  );
  if (job.body.status === 'failed')
    throw new Error(`reshuffle failed: ${JSON.stringify(job.body)}`);
}

describe('concurrency against one account', () => {
  it(`${COMPLETIONS} parallel completions, parallel assignments and reshuffles keep balance = ledger and one assignee per task`, async () => {
    // One worker and the accountant are the only assignable people: the worker's account takes
    // about half of every assignment, all at once.
    const started = Date.now();
    const people: Population = await hirePopulation(api, { workers: 1, managers: 3 }, 'race');
    await cloud.settled(60_000);
    const worker = people.workers[0]!;
    const created = await Promise.all(
      Array.from({ length: CREATED }, async (_, i) =>
        expectStatus(
          await api('/tasks', {
            method: 'POST',
            token: i % 2 ? worker.token : people.accountant.token,
            body: { title: `Race ${i}`, jira_id: `RACE-${i + 1}`, description: '' },
          }),
          201,
          `create ${i}`,
        ),
      ),
    );
    expect(created).toHaveLength(CREATED);
    // Enough open tasks on the one account for every completion at once.
    for (let open = (await openTasksOf(worker)).length; open < COMPLETIONS;) {
      await Promise.all(
        Array.from({ length: 2 * (COMPLETIONS - open) }, () =>
          api('/tasks', {
            method: 'POST',
            token: worker.token,
            body: { title: 'Race extra', jira_id: null, description: '' },
          }),
        ),
      );
      open = (await openTasksOf(worker)).length;
    }
    console.log(`concurrency: set up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const tasksCreated = (await allTasks(api, people.managers[0]!)).length;

    const mine = (await openTasksOf(worker)).slice(0, COMPLETIONS);
    const [completions] = await Promise.all([
      Promise.all(
        mine.map((id) => api(`/tasks/${id}/complete`, { method: 'POST', token: worker.token })),
      ),
      ...people.managers.map((manager) => reshuffle(manager)),
    ]);
    // A completion may lose its race with a reshuffle: then it is refused, never half-done.
    const statuses = completions.map((c) => c.status);
    expect(
      statuses.every((s) => s === 200 || s === 403 || s === 409),
      String(statuses),
    ).toBe(true);
    const completed = statuses.filter((s) => s === 200).length;
    expect(completed).toBeGreaterThan(0);
    console.log(
      `concurrency: ${completed} of ${mine.length} parallel completions accepted, ${mine.length - completed} refused by a racing reshuffle`,
    );
    console.log(`concurrency: raced by ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await cloud.settled(120_000);
    console.log(`concurrency: settled by ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const today = businessDateOf(new Date(), 'UTC');
    const days = await accountDays(api, people, today);
    const scan = tableReader(cloud.urls.dynamodb, process.env.AWS_REGION ?? 'us-east-1');
    const checks = [
      checkLedger(days, 'after the races'),
      await checkEntryCounts(cloud, scan, days, completed),
      checkAssignees(await allTasks(api, people.managers[0]!), tasksCreated),
      await checkOutboxesConsumed(cloud, scan),
    ];
    for (const check of checks) expect(check.ok, `${check.name}: ${check.detail}`).toBe(true);
    const tasks = await allTasks(api, people.managers[0]!);
    expect(tasks.filter((t) => t.status === 'completed')).toHaveLength(completed);
    expect(days.get(worker.id)!.entries.length).toBeGreaterThanOrEqual(COMPLETIONS);
  }, 240_000);
});
