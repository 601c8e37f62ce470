import { join } from 'node:path';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import type { LocalQueue } from '../../local/sqs/local-queue';
import { checkedEffects, runLifecyclePhases, type LifecycleOptions } from './lifecycle';
import { progress } from './measure';
import { jsonFromOwnProcess } from './own-process';
import type { WriteShape, WriteShapeRecorder } from './write-shape';

/**
 * The order the backlogs are drained in: Accounting first (it prices each task, and its
 * `task.priced` and account events fill Tasker's and Analytics' queues), Tasker last.
 */
export const DRAIN_ORDER = ['accounting', 'analytics', 'tasker'] as const;

export interface DrainAlone {
  domain: string;
  /** Messages its consumer finished in the drain. */
  messages: number;
  /** From enabling its mapping until it, its relay and the bus were done (`cloud.settled()`). */
  seconds: number;
  /** Its consumer's writes during the drain (`<domain>.consumer` of the recorder). */
  shape: WriteShape | undefined;
  failedReceives: number;
}

export interface Drained {
  drains: DrainAlone[];
  effects: Awaited<ReturnType<typeof checkedEffects>>;
}

/**
 * `drainEachAlone` on a cloud of its own with `workers` hires, in a process of its own
 * (`drain-alone-main.ts` says why); its progress lines go to this process's stderr.
 */
export function drainEachAloneInItsOwnProcess(options: {
  tasks: number;
  workers: number;
}): Drained {
  return jsonFromOwnProcess<Drained>(join(import.meta.dirname, 'drain-alone-main.ts'), [
    String(options.tasks),
    String(options.workers),
  ]);
}

/**
 * Each consumer draining a backlog while it is the only thing working. A lifecycle of `tasks`
 * runs with Accounting's and Analytics' mappings disabled (UpdateEventSourceMapping's
 * `Enabled: false`: their queues fill, nothing receives), Tasker's enabled since it runs the
 * reshuffle's chunks; once the cloud has settled Tasker's is disabled too. Then each consumer in
 * `DRAIN_ORDER` is enabled alone until the cloud settles again, its write shape recorded, and
 * disabled. At the end every mapping is enabled and the run's effects checked as
 * `runLifecycle` checks them, so a message lost on the way fails the block.
 */
export async function drainEachAlone(
  options: LifecycleOptions & { recorder: WriteShapeRecorder },
): Promise<Drained> {
  const { cloud, recorder } = options;
  const queueOf = (domain: string) => {
    const queue = cloud.queues.get(domain);
    if (!queue) throw new Error(`no queue for ${domain}: the drain needs every consumer`);
    return queue;
  };
  const drains: DrainAlone[] = [];
  try {
    queueOf('accounting').disable();
    queueOf('analytics').disable();
    progress(
      `lifecycle drain: ${options.tasks} tasks with Accounting's and Analytics' mappings disabled`,
    );
    const run = await runLifecyclePhases(options);
    await cloud.settled(30 * 60_000);
    queueOf('tasker').disable();
    for (const domain of DRAIN_ORDER)
      drains.push(await drainAlone(cloud, queueOf(domain), recorder));
    enableAll(cloud);
    await cloud.settled(30 * 60_000);
    return { drains, effects: await checkedEffects(cloud, run) };
  } finally {
    // A failed run must not leave the cloud with mappings off for whatever stops it.
    enableAll(cloud);
  }
}

async function drainAlone(
  cloud: LocalCloud,
  queue: LocalQueue,
  recorder: WriteShapeRecorder,
): Promise<DrainAlone> {
  const { domain } = queue;
  progress(`lifecycle drain: ${domain} alone, ${queue.depth} messages waiting`);
  const deletedBefore = queue.deletedMessages;
  const failedBefore = queue.failedReceives;
  recorder.start();
  const started = performance.now();
  queue.enable();
  await cloud.settled(30 * 60_000);
  const seconds = (performance.now() - started) / 1000;
  const shape = recorder.stop().get(`${domain}.consumer`);
  queue.disable();
  return {
    domain,
    messages: queue.deletedMessages - deletedBefore,
    seconds,
    shape,
    failedReceives: queue.failedReceives - failedBefore,
  };
}

function enableAll(cloud: LocalCloud) {
  for (const queue of cloud.queues.values()) queue.enable();
}
