import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';
import { keys as taskerKeys } from '../../functions/tasker/store/keys';
import type { Block } from '../lib/block';
import { benchCloud } from '../lib/cloud';
import { progress, round, summarize } from '../lib/measure';

/**
 * Event latency: from the HTTP response of a command to its effect in another domain. Measured
 * for a user created in Auth until Tasker's replica holds it (outbox → stream → relay → bus →
 * queue → consumer), one command at a time so each figure is one event's own path.
 */
export const eventLatency: Block = async ({ quick }) => {
  const { cloud, call, tokens } = await benchCloud();
  try {
    const count = quick ? 40 : 200;
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      if (i % 20 === 0) progress(`event latency: ${i}/${count}`);
      const res = await call('POST', '/auth/users', tokens.admin, {
        email: `latency-${i}-${Date.now()}@uberpopug.test`,
        name: `Latency ${i}`,
        role: 'worker',
        password: 'a long enough password',
      });
      if (res.status !== 201)
        throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
      const t0 = performance.now();
      const id = res.body.id as string;
      for (;;) {
        const item = await documentClient.send(
          new GetCommand({ TableName: cloud.tables.tasker, Key: taskerKeys.user(id) }),
        );
        if (item.Item) break;
        if (performance.now() - t0 > 10_000) throw new Error(`user ${id} never reached Tasker`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      latencies.push(performance.now() - t0);
    }
    const s = summarize(latencies, 0, (performance.now() - started) / 1000);
    return {
      block: 'event-latency',
      figures: {
        'event_latency.auth_to_tasker.p50_ms': round(s.p50),
        'event_latency.auth_to_tasker.p95_ms': round(s.p95),
        'event_latency.auth_to_tasker.p99_ms': round(s.p99),
      },
      lines: [
        `user.created → Tasker's replica, ${count} events: p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`,
      ],
    };
  } finally {
    await cloud.stop();
  }
};
