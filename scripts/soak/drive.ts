import { inParallel } from '#shared/in-parallel';
import { expectStatus, waitFor, type Api } from './http';
import type { Person, Population } from './population';

export interface DriveFigures {
  created: number;
  reshuffles: number;
  completed: number;
  /** Completions refused (4xx) — none is expected once the reshuffles are over. */
  completionsRefused: number;
}

/**
 * The day's work over HTTP: workers create `tasks` tasks in parallel, managers reshuffle a few
 * times while the second tenth is created, then every assignee reads their own open tasks and completes nine in ten of them,
 * except the one with the most open tasks, who completes none and so ends the day in the
 * negative (fees, no rewards).
 */
export async function driveTheDay(
  api: Api,
  people: Population,
  options: { tasks: number; reshuffles: number; parallel: number },
  progress: (line: string) => void,
): Promise<DriveFigures> {
  const figures: DriveFigures = { created: 0, reshuffles: 0, completed: 0, completionsRefused: 0 };
  // Every move charges a fee, so reshuffles over the whole day would leave most balances negative
  // and the close little or nothing to pay (the short soak once ended with no positive balance).
  // So the managers reshuffle (all at once) after the first tenth of the tasks, racing the
  // creation of the second tenth, and the other eight tenths are created after the last
  // reshuffle is done: each of those is charged one fee ($10–$20) and its completion pays a
  // reward ($20–$40), never less, so a balance can only end negative through the first fifth of
  // the day or the tasks left open (the idle assignee's, on purpose).
  const tenth = Math.max(1, Math.floor(options.tasks / 10));
  const create = async (i: number) => {
    const author = people.workers[i % people.workers.length]!;
    expectStatus(
      await api('/tasks', {
        method: 'POST',
        token: author.token,
        body: { title: `Soak chore ${i}`, jira_id: `SOAK-${i + 1}`, description: `task ${i}` },
      }),
      201,
      `create task ${i}`,
    );
    figures.created += 1;
    if (figures.created % 100 === 0) progress(`created ${figures.created}/${options.tasks} tasks`);
  };
  const indexes = Array.from({ length: options.tasks }, (_, i) => i);
  await inParallel(indexes.slice(0, tenth), options.parallel, create);
  const shuffles = Array.from({ length: options.reshuffles }, (_, k) =>
    reshuffle(api, people.managers[k % people.managers.length]!).then(
      () => void (figures.reshuffles += 1),
    ),
  );
  await inParallel(indexes.slice(tenth, 2 * tenth), options.parallel, create);
  await Promise.all(shuffles);
  await inParallel(indexes.slice(2 * tenth), options.parallel, create);
  progress(`created ${figures.created} tasks; ${figures.reshuffles} reshuffles done`);

  const assignable = people.everyone.filter((p) => p.role !== 'admin' && p.role !== 'manager');
  const mine = await Promise.all(
    assignable.map(async (p) => ({ p, tasks: await openTasksOf(api, p) })),
  );
  // Someone must end the day negative, or the negative-balance checks compare 0 with 0: the
  // assignee with the most open tasks completes none (fees, no rewards). A fixed worker could be
  // given no task at all by the random picks (the short soak's 15 tasks over its few workers),
  // and then every balance ended the day positive.
  const idle = [...mine].sort((a, b) => b.tasks.length - a.tasks.length)[0]?.p;
  const work = mine.flatMap(({ p, tasks }) =>
    p === idle ? [] : tasks.filter((_, k) => k % 10 !== 9).map((id) => ({ person: p, id })),
  );
  await inParallel(work, options.parallel, async ({ person, id }) => {
    const res = await api(`/tasks/${id}/complete`, { method: 'POST', token: person.token });
    if (res.status === 200) figures.completed += 1;
    else if (res.status >= 400 && res.status < 500) figures.completionsRefused += 1;
    else expectStatus(res, 200, `complete ${id}`);
    if ((figures.completed + figures.completionsRefused) % 100 === 0) {
      progress(`completed ${figures.completed}/${work.length} tasks`);
    }
  });
  progress(`completed ${figures.completed} tasks (${figures.completionsRefused} refused)`);
  return figures;
}

/** A manager's reshuffle, polled until its job is done. */
async function reshuffle(api: Api, manager: Person) {
  const started = expectStatus(
    await api('/tasks/shuffle', { method: 'POST', token: manager.token }),
    202,
    'reshuffle',
  );
  const jobId = started.body.job_id as string;
  await waitFor(
    `reshuffle ${jobId}`,
    async () => {
      const job = await api(`/tasks/shuffles/${jobId}`, { token: manager.token });
      if (job.body?.status === 'failed')
        throw new Error(`reshuffle ${jobId} failed: ${JSON.stringify(job.body)}`);
      return job.body?.status === 'done' ? true : undefined;
    },
    300_000,
  );
}

/** The ids of a person's open tasks, as the person reads them: `GET /tasks?assignee=me`. */
async function openTasksOf(api: Api, person: Person): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = expectStatus(
      await api(
        `/tasks?assignee=me&status=open&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        {
          token: person.token,
        },
      ),
      200,
      `open tasks of ${person.email}`,
    );
    ids.push(...(page.body.tasks as { id: string }[]).map((t) => t.id));
    cursor = page.body.next_cursor as string | null;
  } while (cursor);
  return ids;
}

/** Every task as a manager reads it: `GET /tasks?assignee=all`. */
export async function allTasks(api: Api, manager: Person) {
  const tasks: { id: string; assignee_id: string | null; status: string }[] = [];
  let cursor: string | null = null;
  do {
    const page = expectStatus(
      await api(
        `/tasks?assignee=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        {
          token: manager.token,
        },
      ),
      200,
      'all tasks',
    );
    tasks.push(...page.body.tasks);
    cursor = page.body.next_cursor as string | null;
  } while (cursor);
  return tasks;
}
