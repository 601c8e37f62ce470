import type { Block } from '../lib/block';
import { benchCloud } from '../lib/cloud';
import { freshDynamo } from '../lib/fresh-dynamo';
import { companyLine, companyOf } from '../lib/company';
import { DEFAULT_HIRED_WORKERS } from '../lib/company-size';
import { runLifecycle } from '../lib/lifecycle';
import { drainEachAloneInItsOwnProcess } from '../lib/drain-alone';
import { progress, round } from '../lib/measure';
import { profiledIf } from '../lib/cpu-profile';
import { processCpuMs } from '../lib/process-cpu';
import { RequestMeter } from '../lib/request-meter';
import { writeBreakdown } from '../lib/write-breakdown';
import {
  callsFor,
  concurrencyOf,
  itemWritesOf,
  replayShape,
  sampleOf,
  WriteShapeRecorder,
  type WriteShape,
} from '../lib/write-shape';

const CONSUMERS = ['tasker', 'accounting', 'analytics'] as const;

/**
 * Lifecycle throughput: K tasks created over HTTP with all four domains running, one reshuffle
 * of all of them, every task completed by its assignee, until every Accounting effect (prices,
 * fees, rewards) and Analytics effect is there. Tasks per second end to end, the item writes
 * the handlers made per second, and the CPU each process spent per task.
 *
 * Each rate is set beside the engine's own rate for **the same shape of writes**: the write
 * calls the lifecycle (or one consumer) made, by operation and size, replayed straight at a
 * fresh DynamoDB Local at the concurrency the writer kept (`replayShape`). The old ratio to the
 * floor's 100-item transactions is printed beside it; docs/performance.md says why both.
 */
export const lifecycle: Block = async ({ quick, floor, workers = DEFAULT_HIRED_WORKERS }) => {
  const tasks = quick ? 200 : 2_000;
  const { cloud, call, tokens } = await benchCloud();
  const figures: Record<string, number> = {};
  const lines: string[] = [];
  const key = (name: string) => `lifecycle.${tasks}.${name}`;
  let shapes: Map<string, WriteShape>;
  let seconds: number;
  try {
    const company = await companyOf({ cloud, call, adminToken: tokens.admin, workers });
    const people = company.people;
    const meter = new RequestMeter(cloud);
    const recorder = new WriteShapeRecorder();
    const before = meter.snapshot();
    progress(`lifecycle: ${tasks} tasks`);
    const cpuBefore = processCpuMs();
    recorder.start();
    const run = await profiledIf(process.env.ATES_BENCH_CPU_PROFILE, () =>
      runLifecycle({ cloud, call, tasks, managerToken: tokens.manager, people }),
    );
    shapes = recorder.stop();
    const cpuAfter = processCpuMs();
    const used = meter.since(before);
    seconds = run.seconds;

    const perSecond = tasks / run.seconds;
    // Writes refused by a race on an account and retried: billed, but how many depends on
    // how often concurrent batches meet on one account, not on the code's writes.
    const writes = writeBreakdown([{ usage: used, per: tasks }]);
    const writesPerSecond = used.dynamoWriteItems / run.seconds;
    const shapedFloor = floor?.['floor.tx100_item_writes_per_s'];
    const ratio = shapedFloor ? writesPerSecond / shapedFloor : undefined;
    Object.assign(figures, {
      'lifecycle.company_size': company.size,
      [key('tasks_per_s')]: round(perSecond, 1),
      [key('seconds')]: round(run.seconds, 2),
      [key('item_writes_per_task')]: round(used.dynamoWriteItems / tasks, 2),
      [key('refused_item_writes_per_task')]: round(writes.refused.items, 2),
      [key('item_writes_per_task_without_refused')]: round(writes.committed.items, 2),
      [key('item_writes_per_s')]: round(writesPerSecond),
      [key('node_cpu_ms_per_task')]: round((cpuAfter.node - cpuBefore.node) / tasks, 1),
      [key('dynamo_cpu_ms_per_task')]: round((cpuAfter.children - cpuBefore.children) / tasks, 1),
    });
    if (ratio !== undefined) figures[key('ratio_to_floor')] = round(ratio, 2);
    // A failed delivery waits out its queue's visibility timeout (720 s for Accounting): one of
    // them is enough to stall a phase, so every run says how many there were.
    const failed = [...cloud.queues].map(
      ([domain, queue]) => [domain, queue.failedReceives] as const,
    );
    figures[key('failed_receives')] = failed.reduce((sum, [, n]) => sum + n, 0);
    for (const p of run.phases) figures[key(`${p.phase}_seconds`)] = round(p.seconds, 2);
    lines.push(
      companyLine(company),
      `${tasks} tasks created, reshuffled once, completed; every effect settled: ${run.seconds.toFixed(1)} s, ${perSecond.toFixed(1)} tasks/s`,
      `  phases: ${run.phases.map((p) => `${p.phase} ${p.seconds.toFixed(1)} s (${p.tasks} tasks)`).join(', ')}`,
      `  CPU per task: ${figures[key('node_cpu_ms_per_task')]} ms in Node (the cloud and every handler), ${figures[key('dynamo_cpu_ms_per_task')]} ms in DynamoDB Local`,
      `  ${used.dynamoWriteItems} item writes (${(used.dynamoWriteItems / tasks).toFixed(1)} per task: ${writes.committed.items.toFixed(1)} and ${writes.refused.items.toFixed(1)} refused by a race and retried), ${writesPerSecond.toFixed(0)}/s` +
        (ratio === undefined
          ? ' (run the floor block in the same run for the old ratio)'
          : `: ${ratio.toFixed(2)} of the floor's 100-item transactions (the old ratio)`),
      `  failed deliveries (each retried after its queue's visibility timeout): ${failed.map(([domain, n]) => `${domain} ${n}`).join(', ')}`,
      `  effects checked: ${run.effects.prices} prices, ${run.effects.fees} fees, ${run.effects.rewards} rewards in Accounting; ${run.effects.analyticsFacts} task facts, ${run.effects.movements} movements in Analytics`,
    );
  } finally {
    await cloud.stop();
  }

  // Each consumer draining a backlog alone, on a second cloud in a process of its own: its
  // tables hold this run only (the effects check counts them) and its engine has not taken the
  // first run's writes.
  const drainTasks = quick ? 200 : 600;
  const drainStarted = performance.now();
  const drained = drainEachAloneInItsOwnProcess({ tasks: drainTasks, workers });
  const drains = drained.drains;
  lines.push(
    `  each consumer draining alone (a second cloud, ${drainTasks} tasks run with Accounting's and Analytics' mappings disabled, then Tasker's; each enabled alone in turn), effects checked: ${drained.effects.prices} prices, ${drained.effects.fees} fees, ${drained.effects.rewards} rewards, ${drained.effects.analyticsFacts} task facts, ${drained.effects.movements} movements`,
  );
  let drainMs = performance.now() - drainStarted;

  // The engine's own rate for each writer's shape, each on an engine of its own: a replay on
  // an engine that has already taken another's thousands of stream records runs far slower
  // (the full run's consumer replays, after the lifecycle's 6,000 calls, gave 49–115 item
  // writes/s and ratios above 3), so no replay inherits another's history.
  {
    const replay = async (name: string, shape: WriteShape, whole = false) => {
      const concurrency = concurrencyOf(shape);
      const items = quick ? 1_500 : 6_000;
      // The while-busy figures replay a sample as they always did. A drain is replayed whole,
      // the same calls as the consumer made, and repeated when shorter than the sample: a few
      // seconds of calls replayed on a shared machine move with its load.
      const calls = whole
        ? callsFor(shape.calls, Math.max(items, itemWritesOf(shape.calls)))
        : sampleOf(shape.calls, items);
      progress(
        `lifecycle: replaying ${name}'s write shape (${calls.length} calls) at concurrency ${concurrency}, on a fresh engine`,
      );
      const dynamo = await freshDynamo();
      try {
        return { concurrency, ...(await replayShape(dynamo.client, calls, concurrency)) };
      } finally {
        await dynamo.stop();
      }
    };
    const all = shapes.get('all');
    if (all) {
      const engine = await replay('the lifecycle', all);
      const perS = itemWritesOf(all.calls) / seconds;
      figures[key('shape_floor.item_writes_per_s')] = engine.itemWritesPerSecond;
      figures[key('shape_floor.cold_item_writes_per_s')] = engine.cold.itemWritesPerSecond;
      figures[key('shape_floor.concurrency')] = engine.concurrency;
      figures[key('ratio_to_shape_floor')] = round(perS / engine.itemWritesPerSecond, 2);
      lines.push(
        `  the same write shape straight at the engine (${mixOf(all)}, concurrency ${engine.concurrency}, its second pass): ${engine.itemWritesPerSecond} item writes/s (the first, on the cold engine: ${engine.cold.itemWritesPerSecond}/s); the lifecycle ${perS.toFixed(0)}/s = **${(perS / engine.itemWritesPerSecond).toFixed(2)}** of it`,
      );
    }
    const consumerLines: string[] = [];
    for (const domain of CONSUMERS) {
      const shape = shapes.get(`${domain}.consumer`);
      if (!shape || shape.calls.length === 0) continue;
      const engine = await replay(`${domain}'s consumer`, shape);
      const items = itemWritesOf(shape.calls);
      const busySeconds = shape.busyMs / 1000;
      const overBlock = items / seconds;
      const whileBusy = items / busySeconds;
      const ratioBusy = whileBusy / engine.itemWritesPerSecond;
      const k = (name: string) => key(`${domain}_consumer.${name}`);
      figures[k('item_writes_per_s')] = round(overBlock);
      figures[k('busy_share')] = round(busySeconds / seconds, 2);
      figures[k('busy_item_writes_per_s')] = round(whileBusy);
      figures[k('shape_floor.item_writes_per_s')] = engine.itemWritesPerSecond;
      figures[k('shape_floor.cold_item_writes_per_s')] = engine.cold.itemWritesPerSecond;
      figures[k('shape_floor.concurrency')] = engine.concurrency;
      figures[k('ratio_to_shape_floor')] = round(ratioBusy, 2);
      const old = floor?.['floor.tx100_item_writes_per_s'];
      if (old) figures[k('ratio_to_floor')] = round(overBlock / old, 2);
      consumerLines.push(
        `  ${domain}: ${overBlock.toFixed(0)}/s over the block${old ? ` (${(overBlock / old).toFixed(2)} of the old floor)` : ''}, busy ${((100 * busySeconds) / seconds).toFixed(0)}% of it, ${whileBusy.toFixed(0)}/s while busy; its shape (${mixOf(shape)}) at concurrency ${engine.concurrency}: ${engine.itemWritesPerSecond}/s (cold ${engine.cold.itemWritesPerSecond}) → **${ratioBusy.toFixed(2)}**`,
      );
    }
    lines.push(`  consumers' item writes per second:`, ...consumerLines);

    const drainReplaysStarted = performance.now();
    for (const drain of drains) {
      const shape = drain.shape;
      if (!shape || shape.calls.length === 0) {
        lines.push(`  drained alone: ${drain.domain} ${drain.messages} messages, no writes`);
        continue;
      }
      const engine = await replay(`${drain.domain}'s drain`, shape, true);
      const perS = itemWritesOf(shape.calls) / drain.seconds;
      const ratio = perS / engine.itemWritesPerSecond;
      const k = (name: string) => key(`${drain.domain}_consumer.drain_alone.${name}`);
      Object.assign(figures, {
        [k('messages')]: drain.messages,
        [k('seconds')]: round(drain.seconds, 2),
        [k('item_writes_per_s')]: round(perS),
        [k('busy_share')]: round(shape.busyMs / 1000 / drain.seconds, 2),
        [k('failed_receives')]: drain.failedReceives,
        [k('shape_floor.item_writes_per_s')]: engine.itemWritesPerSecond,
        [k('shape_floor.cold_item_writes_per_s')]: engine.cold.itemWritesPerSecond,
        [k('shape_floor.concurrency')]: engine.concurrency,
        [k('ratio_to_shape_floor')]: round(ratio, 2),
      });
      lines.push(
        `  drained alone: ${drain.domain} ${drain.messages.toLocaleString('en')} messages in ${drain.seconds.toFixed(1)} s, ${perS.toFixed(0)} item writes/s (busy ${((100 * shape.busyMs) / 1000 / drain.seconds).toFixed(0)}%, ${drain.failedReceives} failed receives); its shape (${mixOf(shape)}) at concurrency ${engine.concurrency}: ${engine.itemWritesPerSecond}/s (cold ${engine.cold.itemWritesPerSecond}) → **${ratio.toFixed(2)}**`,
      );
    }
    drainMs += performance.now() - drainReplaysStarted;
    const drainSeconds = drainMs / 1000;
    figures[key('drain_alone.tasks')] = drainTasks;
    figures[key('drain_alone.block_seconds')] = round(drainSeconds, 1);
    lines.push(
      `  the drains added ${drainSeconds.toFixed(0)} s to the block (a second cloud and company, ${drainTasks} tasks, three drains and their replays)`,
    );
  }
  return { block: 'lifecycle', figures, lines };
};

/** The calls of a shape by operation and size, most frequent first: `tx2 41%, put 30% …`. */
function mixOf(shape: WriteShape): string {
  const counts = new Map<string, number>();
  for (const call of shape.calls) {
    const name =
      call.operation === 'TransactWriteItems'
        ? `tx${call.items.length}`
        : call.operation === 'BatchWriteItem'
          ? `batch${call.items.length}`
          : call.operation.replace('Item', '').toLowerCase();
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, n]) => `${name} ${((100 * n) / shape.calls.length).toFixed(0)}%`)
    .join(', ');
}
