import { authService } from '../../functions/auth/service';
import { taskerService } from '../../functions/tasker/service';
import type { Block } from '../lib/block';
import { benchCloud } from '../lib/cloud';
import { progress, round, runPool } from '../lib/measure';
import { RequestMeter } from '../lib/request-meter';
import { scaleFigures } from '../lib/scale-figures';
import { parseFaults } from '../../local/faults/parse-faults';

/**
 * Item writes per reassigned task as the issue's baseline counted them: the task's new
 * assignment and its own `task.assigned` outbox row. The job now writes one row per transaction
 * for all its moves' events (about 1.02 writes per task, measured and printed), so its speed is
 * also given in these terms, the ones the target was set in.
 */
const BASELINE_WRITES_PER_TASK = 2;

/**
 * The reshuffle button at scale: N open tasks created over HTTP, one press, the job's status
 * polled until done. Throughput is printed beside the shaped floor (100-item transactions) so
 * the ratio says how close the chunked job runs to what the engine can write. Only Auth (sign-in)
 * and Tasker run: Accounting and Analytics would consume every `task.assigned` on the same
 * engine, which the lifecycle block already measures; here the figure is the job's own.
 * Two ratios: the job's speed at the baseline's 2 writes per task (how fast the job moves tasks,
 * against the engine), and the item writes it really made per second (how busy it keeps it).
 */
export const reshuffle: Block = async ({ quick, floor, faults }) => {
  const sizes = quick ? [1_000] : [1_000, 10_000];
  const figures: Record<string, number> = {};
  const lines: string[] = [];
  // One cloud for every size: the handlers' DynamoDB client is made once per process, for the
  // first cloud's engine, so a second cloud's engine would not be the one they talk to. The
  // tasks of a size stay open for the next, which only creates the difference.
  const { cloud, call, tokens } = await benchCloud({
    services: [authService, taskerService],
    faults,
  });
  const meter = new RequestMeter(cloud);
  try {
    let open = 0;
    for (const size of sizes) {
      progress(`reshuffle: creating ${size - open} tasks over HTTP (${size} open in all)`);
      const created = await runPool(size - open, 8, async (i) => {
        const res = await call('POST', '/tasks', tokens.worker, {
          title: `Reshuffle ${open + i}`,
          description: 'bench',
        });
        return res.status === 201;
      });
      if (created.failed > 0) throw new Error(`${created.failed} tasks were not created`);
      open = size;
      await cloud.settled(300_000);
      progress(`reshuffle: ${size} open tasks, pressing the button`);
      const before = meter.snapshot();
      const started = performance.now();
      const pressed = await call('POST', '/tasks/shuffle', tokens.manager);
      if (pressed.status !== 202)
        throw new Error(`shuffle: ${pressed.status} ${JSON.stringify(pressed.body)}`);
      let job = pressed.body;
      while (job.status !== 'done') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const status = await call('GET', `/tasks/shuffles/${pressed.body.job_id}`, tokens.manager);
        job = status.body;
        if (job.status === 'failed') throw new Error(`reshuffle failed: ${JSON.stringify(job)}`);
        if (performance.now() - started > 900_000) throw new Error(`stuck: ${JSON.stringify(job)}`);
      }
      const seconds = (performance.now() - started) / 1000;
      if (job.processed !== size)
        throw new Error(`moved ${job.processed} of ${size}: ${JSON.stringify(job)}`);
      const perSecond = size / seconds;
      // Until the job reported done: its own writes (the relay and the status reads write none).
      const writesPerTask = meter.since(before).dynamoWriteItems / size;
      const shapedFloor = floor?.['floor.tx100_item_writes_per_s'];
      const ratio = shapedFloor ? (perSecond * BASELINE_WRITES_PER_TASK) / shapedFloor : undefined;
      const writesRatio = shapedFloor ? (perSecond * writesPerTask) / shapedFloor : undefined;
      figures[`reshuffle.${size}.tasks_per_s`] = round(perSecond);
      figures[`reshuffle.${size}.seconds`] = round(seconds, 2);
      figures[`reshuffle.${size}.item_writes_per_task`] = round(writesPerTask, 2);
      if (ratio !== undefined) figures[`reshuffle.${size}.ratio_to_floor`] = round(ratio, 2);
      if (writesRatio !== undefined)
        figures[`reshuffle.${size}.item_writes_ratio_to_floor`] = round(writesRatio, 2);
      lines.push(
        `${String(size).padStart(6)} open tasks: ${seconds.toFixed(1)} s, ${perSecond.toFixed(0)} tasks/s` +
          (ratio === undefined || writesRatio === undefined
            ? ''
            : `, ${ratio.toFixed(2)} of the shaped floor at ${BASELINE_WRITES_PER_TASK} writes per task; ` +
              `${writesPerTask.toFixed(2)} item writes per task made, ${writesRatio.toFixed(2)} of the floor in item writes/s`),
      );
      // The job's task.assigned rows are relayed before the next size is created and timed.
      await cloud.settled(300_000);
    }
    if (faults) {
      const injected = Object.entries(cloud.faultStats).filter(([, count]) => count > 0);
      lines.push(
        `faults ${faults}: ${injected.length ? injected.map(([k, n]) => `${k} ${n}`).join(', ') : 'nothing injected'}`,
      );
      const scale = scaleFigures('reshuffle', cloud, parseFaults(faults)?.dynamoOnDemand);
      Object.assign(figures, scale.figures);
      lines.push(...scale.lines);
    }
  } finally {
    await cloud.stop();
  }
  return { block: 'reshuffle', figures, lines };
};
