import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';
import { keys as accountingKeys } from '../../functions/accounting/store/keys';
import { keys as analyticsKeys } from '../../functions/analytics/store/keys';
import { keys as taskerKeys } from '../../functions/tasker/store/keys';
import type { Block } from '../lib/block';
import { benchCloud } from '../lib/cloud';
import { progress, round, summarize } from '../lib/measure';
import { processCpuMs } from '../lib/process-cpu';

type Item = Record<string, unknown>;

/** One consumer's effect of a command: the item that shows it, and when it counts as there. */
interface Effect {
  name: string;
  label: string;
  table: string;
  key: Record<string, string>;
  seen: (item: Item) => boolean;
}

/**
 * Event latency: from the HTTP response of a command to each consumer's effect (outbox → stream
 * → relay → bus → queue → consumer, and for two hops that again). One command at a time, so each
 * figure is one event's own path, every effect of it watched at once:
 *  - a user created in Auth → Tasker's replica;
 *  - a task created in Tasker → Accounting's price, Analytics' task fact, and the price back in
 *    Tasker (Tasker → Accounting → Tasker: two hops).
 */
export const eventLatency: Block = async ({ quick }) => {
  const { cloud, call, tokens } = await benchCloud();
  const table = cloud.tables;
  try {
    const count = quick ? 40 : 200;
    const samples = new Map<string, { label: string; latencies: number[] }>();
    const record = (effect: Effect, ms: number) => {
      const sample = samples.get(effect.name) ?? { label: effect.label, latencies: [] };
      sample.latencies.push(ms);
      samples.set(effect.name, sample);
    };
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      if (i % 20 === 0) progress(`event latency: ${i}/${count}`);
      const user = await call('POST', '/auth/users', tokens.admin, {
        email: `latency-${i}-${Date.now()}@uberpopug.test`,
        name: `Latency ${i}`,
        role: 'worker',
        password: 'a long enough password',
      });
      if (user.status !== 201)
        throw new Error(`create user: ${user.status} ${JSON.stringify(user.body)}`);
      const userId = user.body.id as string;
      await timeEffects(
        [
          {
            name: 'auth_to_tasker',
            label: "user.created → Tasker's replica",
            table: table.tasker!,
            key: taskerKeys.user(userId),
            seen: () => true,
          },
        ],
        record,
      );

      const task = await call('POST', '/tasks', tokens.worker, {
        title: `Latency ${i}`,
        description: 'measured',
      });
      if (task.status !== 201)
        throw new Error(`create task: ${task.status} ${JSON.stringify(task.body)}`);
      const taskId = task.body.id as string;
      await timeEffects(
        [
          {
            name: 'tasker_to_accounting',
            label: "task.created → Accounting's price",
            table: table.accounting!,
            key: accountingKeys.price(taskId),
            seen: () => true,
          },
          {
            name: 'tasker_to_analytics',
            label: "task.created → Analytics' task fact",
            table: table.analytics!,
            key: analyticsKeys.taskFact(taskId),
            seen: (item) => typeof item.title === 'string',
          },
          {
            // Analytics no longer keeps the price (the reward brings it at completion), so the
            // two hops are timed to the other consumer of task.priced.
            name: 'tasker_to_accounting_to_tasker',
            label: "task.created → task.priced → Tasker's price (two hops)",
            table: table.tasker!,
            key: taskerKeys.price(taskId),
            seen: () => true,
          },
        ],
        record,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    await cloud.settled(60_000);
    progress(`idle CPU: ${IDLE_SECONDS} s of a settled cloud`);
    const idle = await idleCpu(IDLE_SECONDS);
    const figures: Record<string, number> = {};
    const lines: string[] = [];
    for (const [name, { label, latencies }] of samples) {
      const s = summarize(latencies, 0, seconds);
      figures[`event_latency.${name}.p50_ms`] = round(s.p50);
      figures[`event_latency.${name}.p95_ms`] = round(s.p95);
      figures[`event_latency.${name}.p99_ms`] = round(s.p99);
      lines.push(
        `${label}, ${s.count} events: p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`,
      );
    }
    figures['idle_cpu.node_percent'] = round(idle.node, 2);
    figures['idle_cpu.dynamodb_local_percent'] = round(idle.children, 2);
    lines.push(
      `idle for ${IDLE_SECONDS} s: the cloud's Node process ${idle.node.toFixed(2)}% of a core, DynamoDB Local ${idle.children.toFixed(2)}%`,
    );
    return { block: 'event-latency', figures, lines };
  } finally {
    await cloud.stop();
  }
};

/** How long a settled cloud is watched doing nothing (stream pollers' fallback timers only). */
const IDLE_SECONDS = 20;

/**
 * CPU used while nothing happens, in % of one core: this process (the cloud, its pollers and
 * queues) and its child processes (DynamoDB Local's Java answering the polls), read from /proc.
 */
async function idleCpu(seconds: number): Promise<{ node: number; children: number }> {
  const before = processCpuMs();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = processCpuMs();
  const percent = (ms: number) => (ms / (seconds * 1000)) * 100;
  return {
    node: percent(after.node - before.node),
    children: percent(after.children - before.children),
  };
}

/**
 * Reads each effect's item every 2 ms from now (the command's response has just arrived) until
 * it shows, and records how long that took. Effects on one item share its reads, and one read
 * per item is in flight at a time, so the watching loads DynamoDB Local as little as it can.
 */
async function timeEffects(effects: Effect[], record: (effect: Effect, ms: number) => void) {
  const t0 = performance.now();
  const byItem = new Map<string, Effect[]>();
  for (const effect of effects) {
    const id = `${effect.table} ${JSON.stringify(effect.key)}`;
    byItem.set(id, [...(byItem.get(id) ?? []), effect]);
  }
  await Promise.all(
    [...byItem.values()].map(async (pending) => {
      const { table, key } = pending[0]!;
      while (pending.length > 0) {
        const { Item } = await documentClient.send(
          new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
        );
        const now = performance.now();
        for (const effect of [...pending]) {
          if (!Item || !effect.seen(Item)) continue;
          record(effect, now - t0);
          pending.splice(pending.indexOf(effect), 1);
        }
        if (pending.length === 0) break;
        if (now - t0 > 10_000)
          throw new Error(`${pending[0]!.label}: not seen after 10 s (${JSON.stringify(key)})`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }),
  );
}
