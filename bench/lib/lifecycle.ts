import type { LocalCloud } from '../../local/cloud/local-cloud';
import { tableReader } from '../../scripts/soak/tables';
import type { Call } from './cloud';
import { progress, runPool } from './measure';

/** HTTP clients creating and completing tasks at once. */
const CLIENTS = 8;
/** How often a long phase says how far it got. */
const PROGRESS_EVERY_MS = 5_000;

export type PhaseName = 'create' | 'reshuffle' | 'complete';

export interface PhaseResult {
  phase: PhaseName;
  /** From the first request to every effect of the phase in every domain (`cloud.settled()`). */
  seconds: number;
  /** Tasks the phase acted on: created, reassigned, completed. */
  tasks: number;
}

export interface LifecycleResult {
  tasks: number;
  phases: PhaseResult[];
  /** The three phases together: the clock of the whole lifecycle. */
  seconds: number;
  /** What the verifier found once everything settled. */
  effects: {
    fees: number;
    rewards: number;
    prices: number;
    analyticsFacts: number;
    movements: number;
  };
}

/**
 * K task lifecycles over HTTP on a running local cloud: every task created (and so assigned),
 * one reshuffle of all of them, then each completed by its assignee; each phase ends when
 * every domain has seen its effects (`cloud.settled()`), and at the end Accounting's and
 * Analytics' tables are checked to hold exactly the effects the run caused.
 */
export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const run = await runLifecyclePhases(options);
  return { ...run, effects: await checkedEffects(options.cloud, run) };
}

export interface LifecycleOptions {
  cloud: LocalCloud;
  call: Call;
  tasks: number;
  managerToken: string;
  people: ReadonlyMap<string, string>;
  /** Around each phase, outside its clock: the cost block reads its meter here. */
  onPhase?: { start?: (phase: PhaseName) => void; end?: (phase: PhaseResult) => void };
}

/**
 * The three phases of `runLifecycle` without the check of the effects at the end: a run whose
 * consumers' mappings are disabled (the drain, bench/lib/drain-alone.ts) settles with their
 * messages held, and checks the effects (`checkedEffects`) once every queue is drained.
 */
export async function runLifecyclePhases(
  options: LifecycleOptions,
): Promise<Omit<LifecycleResult, 'effects'>> {
  const { cloud, call, tasks, managerToken, people } = options;
  const anyone = [...people.values()];
  const phases: PhaseResult[] = [];
  const phase = async (name: PhaseName, run: (tick: (done: number) => void) => Promise<number>) => {
    options.onPhase?.start?.(name);
    const started = performance.now();
    let done: number | undefined;
    const ticker = setInterval(() => {
      const seconds = (performance.now() - started) / 1000;
      progress(
        done === undefined
          ? `lifecycle ${name}: running after ${seconds.toFixed(0)} s`
          : `lifecycle ${name}: ${done} of ${tasks} after ${seconds.toFixed(0)} s (${(done / seconds).toFixed(0)}/s)`,
      );
    }, PROGRESS_EVERY_MS);
    try {
      const acted = await run((n) => (done = n));
      progress(`lifecycle ${name}: ${acted} tasks, waiting for every domain to settle`);
      await cloud.settled(30 * 60_000);
      const result = { phase: name, seconds: (performance.now() - started) / 1000, tasks: acted };
      phases.push(result);
      options.onPhase?.end?.(result);
      return result;
    } finally {
      clearInterval(ticker);
    }
  };

  let created = 0;
  await phase('create', async (tick) => {
    const pool = await runPool(tasks, CLIENTS, async (i) => {
      const res = await call('POST', '/tasks', anyone[i % anyone.length], {
        title: `Lifecycle ${i}`,
        jira_id: `LIFE-${i + 1}`,
        description: 'bench',
      });
      if (res.status === 201) tick(++created);
      return res.status === 201;
    });
    if (pool.failed > 0) throw new Error(`${pool.failed} tasks were not created`);
    return created;
  });

  await phase('reshuffle', async () => {
    const pressed = await call('POST', '/tasks/shuffle', managerToken);
    if (pressed.status !== 202)
      throw new Error(`shuffle: ${pressed.status} ${JSON.stringify(pressed.body)}`);
    // The job's chunks ride the queue, so it is over when the cloud has settled: no status
    // polls inside the phase, whose requests would be counted as the reshuffle's.
    await cloud.settled(30 * 60_000);
    const job = (await call('GET', `/tasks/shuffles/${pressed.body.job_id}`, managerToken)).body;
    if (job.status !== 'done')
      throw new Error(`reshuffle not done once settled: ${JSON.stringify(job)}`);
    return Number(job.reassigned);
  });

  // Who holds each task now: the driver's own reads, outside every clock and count.
  const assignees = await assigneesOf(call, managerToken);
  if (assignees.size !== tasks) throw new Error(`${assignees.size} tasks listed of ${tasks}`);

  await phase('complete', async (tick) => {
    const ids = [...assignees.keys()];
    let completed = 0;
    const pool = await runPool(ids.length, CLIENTS, async (i) => {
      const id = ids[i]!;
      const token = people.get(assignees.get(id)!);
      if (!token) throw new Error(`task ${id} is assigned to someone not signed in`);
      const res = await call('POST', `/tasks/${id}/complete`, token);
      if (res.status === 200) tick(++completed);
      return res.status === 200;
    });
    if (pool.failed > 0) throw new Error(`${pool.failed} tasks were not completed`);
    return completed;
  });

  return { tasks, phases, seconds: phases.reduce((sum, p) => sum + p.seconds, 0) };
}

/**
 * Accounting's and Analytics' tables, checked to hold exactly the effects of the run's tasks
 * and assignments (the cloud must hold this run's tasks only); throws naming what is missing.
 */
export async function checkedEffects(
  cloud: LocalCloud,
  run: Pick<LifecycleResult, 'tasks' | 'phases'>,
): Promise<LifecycleResult['effects']> {
  const { tasks } = run;
  const effects = await effectsOf(cloud);
  const assigned = tasks + run.phases.find((p) => p.phase === 'reshuffle')!.tasks;
  const wrong = [
    effects.fees !== assigned && `${effects.fees} fees for ${assigned} assignments`,
    effects.rewards !== tasks && `${effects.rewards} rewards for ${tasks} completions`,
    effects.prices !== tasks && `${effects.prices} prices for ${tasks} tasks`,
    effects.analyticsFacts !== tasks &&
      `${effects.analyticsFacts} task facts in Analytics for ${tasks} tasks`,
    effects.movements !== effects.fees + effects.rewards &&
      `${effects.movements} movements in Analytics for ${effects.fees + effects.rewards} entries`,
  ].filter(Boolean);
  if (wrong.length > 0) throw new Error(`effects missing after settling: ${wrong.join('; ')}`);
  return effects;
}

async function assigneesOf(call: Call, managerToken: string): Promise<Map<string, string>> {
  const assignees = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page = await call(
      'GET',
      `/tasks?assignee=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      managerToken,
    );
    if (page.status !== 200) throw new Error(`list tasks: ${JSON.stringify(page.body)}`);
    for (const task of page.body.tasks as { id: string; assignee_id: string }[])
      assignees.set(task.id, task.assignee_id);
    cursor = page.body.next_cursor as string | null;
  } while (cursor);
  return assignees;
}

/** Accounting's and Analytics' items, read with a client of their own (not metered). */
async function effectsOf(cloud: LocalCloud) {
  const scan = tableReader(cloud.urls.dynamodb, process.env.AWS_REGION ?? 'us-east-1');
  const entries = await scan(cloud.tables.accounting!, 'entry');
  const facts = await scan(cloud.tables.analytics!, 'task_fact');
  return {
    fees: entries.filter((e) => e.kind === 'fee').length,
    rewards: entries.filter((e) => e.kind === 'reward').length,
    prices: (await scan(cloud.tables.accounting!, 'price')).length,
    // A task's fact holds its title; the reward and completion are the reward's movement.
    analyticsFacts: facts.filter((f) => typeof f.title === 'string').length,
    movements: (await scan(cloud.tables.analytics!, 'movement')).length,
  };
}
