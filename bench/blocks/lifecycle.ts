import type { Block } from '../lib/block';
import { benchCloud } from '../lib/cloud';
import { runLifecycle, signInEveryone } from '../lib/lifecycle';
import { progress, round } from '../lib/measure';
import { RequestMeter } from '../lib/request-meter';

/**
 * Lifecycle throughput: K tasks created over HTTP with all four domains running, one reshuffle
 * of all of them, every task completed by its assignee, until every Accounting effect (prices,
 * fees, rewards) and Analytics effect is there. Tasks per second end to end, and the item
 * writes the handlers made per second beside the shaped floor (100-item transactions).
 */
export const lifecycle: Block = async ({ quick, floor }) => {
  const tasks = quick ? 200 : 2_000;
  const { cloud, call, tokens } = await benchCloud();
  try {
    const people = await signInEveryone(call);
    const meter = new RequestMeter(cloud);
    const before = meter.snapshot();
    progress(`lifecycle: ${tasks} tasks`);
    const run = await runLifecycle({ cloud, call, tasks, managerToken: tokens.manager, people });
    const used = meter.since(before);

    const perSecond = tasks / run.seconds;
    const writesPerSecond = used.dynamoWriteItems / run.seconds;
    const shapedFloor = floor?.['floor.tx100_item_writes_per_s'];
    const ratio = shapedFloor ? writesPerSecond / shapedFloor : undefined;
    const figures: Record<string, number> = {
      [`lifecycle.${tasks}.tasks_per_s`]: round(perSecond, 1),
      [`lifecycle.${tasks}.seconds`]: round(run.seconds, 2),
      [`lifecycle.${tasks}.item_writes_per_task`]: round(used.dynamoWriteItems / tasks, 2),
      [`lifecycle.${tasks}.item_writes_per_s`]: round(writesPerSecond),
    };
    if (ratio !== undefined) figures[`lifecycle.${tasks}.ratio_to_floor`] = round(ratio, 2);
    // A failed delivery waits out its queue's visibility timeout (720 s for Accounting): one of
    // them is enough to stall a phase, so every run says how many there were.
    const failed = [...cloud.queues].map(
      ([domain, queue]) => [domain, queue.failedReceives] as const,
    );
    figures[`lifecycle.${tasks}.failed_receives`] = failed.reduce((sum, [, n]) => sum + n, 0);
    for (const p of run.phases)
      figures[`lifecycle.${tasks}.${p.phase}_seconds`] = round(p.seconds, 2);
    // Each domain's consumer: its item writes per second over the block, beside the floor.
    const consumers = ['tasker', 'accounting', 'analytics'].map((domain) => {
      const perS = (used.dynamoWriteItemsByHandler[`${domain}.consumer`] ?? 0) / run.seconds;
      figures[`lifecycle.${tasks}.${domain}_consumer.item_writes_per_s`] = round(perS);
      if (shapedFloor)
        figures[`lifecycle.${tasks}.${domain}_consumer.ratio_to_floor`] = round(
          perS / shapedFloor,
          2,
        );
      return (
        `${domain} ${perS.toFixed(0)}/s` +
        (shapedFloor ? ` (${(perS / shapedFloor).toFixed(2)})` : '')
      );
    });
    return {
      block: 'lifecycle',
      figures,
      lines: [
        `${tasks} tasks created, reshuffled once, completed; every effect settled: ${run.seconds.toFixed(1)} s, ${perSecond.toFixed(1)} tasks/s`,
        `  phases: ${run.phases.map((p) => `${p.phase} ${p.seconds.toFixed(1)} s (${p.tasks} tasks)`).join(', ')}`,
        `  ${used.dynamoWriteItems} item writes (${(used.dynamoWriteItems / tasks).toFixed(1)} per task), ${writesPerSecond.toFixed(0)}/s` +
          (ratio === undefined
            ? ' (run the floor block in the same run for the ratio)'
            : `: ${ratio.toFixed(2)} of the shaped floor`),
        `  consumers' item writes per second (ratio to the shaped floor): ${consumers.join(', ')}`,
        `  failed deliveries (each retried after its queue's visibility timeout): ${failed.map(([domain, n]) => `${domain} ${n}`).join(', ')}`,
        `  effects checked: ${run.effects.prices} prices, ${run.effects.fees} fees, ${run.effects.rewards} rewards in Accounting; ${run.effects.analyticsFacts} completions, ${run.effects.movements} movements in Analytics`,
      ],
    };
  } finally {
    await cloud.stop();
  }
};
