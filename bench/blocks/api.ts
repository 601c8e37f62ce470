import type { Block } from '../lib/block';
import { DEMO_COMPANY } from '../../local/cloud/seed-demo';
import { benchCloud } from '../lib/cloud';
import { progress, round, runPool, type LatencySummary } from '../lib/measure';

/**
 * HTTP API latency and throughput on the local cloud through the real gateway, handlers,
 * token verification and DynamoDB Local, at a normal load (8 clients) and at ten times it.
 * Sign-in is measured apart: its password KDF is slow on purpose.
 */
export const api: Block = async ({ quick }) => {
  const { cloud, call, tokens } = await benchCloud();
  try {
    const requests = quick ? 200 : 800;
    const taskIds: string[] = [];
    const scenarios: [string, (i: number) => Promise<boolean>][] = [
      ['GET /auth/me', async () => (await call('GET', '/auth/me', tokens.worker)).status === 200],
      [
        'POST /tasks',
        async (i) => {
          const res = await call('POST', '/tasks', tokens.worker, {
            title: `Bench ${i}`,
            description: 'measured',
          });
          if (res.status === 201) taskIds.push(res.body.id as string);
          return res.status === 201;
        },
      ],
      [
        'GET /tasks?assignee=all',
        async () =>
          (await call('GET', '/tasks?assignee=all&limit=50', tokens.manager)).status === 200,
      ],
      [
        'GET /tasks/{id}',
        async (i) =>
          (await call('GET', `/tasks/${taskIds[i % taskIds.length]}`, tokens.manager)).status ===
          200,
      ],
    ];
    const rows: (LatencySummary & { scenario: string; clients: number })[] = [];
    progress('api: POST /auth/login');
    rows.push({
      scenario: 'POST /auth/login (scrypt)',
      clients: 8,
      // Round-robin over the demo company: eight sign-ins at once as one person would be
      // throttled by the lockout, which counts attempts in flight.
      ...(await runPool(quick ? 16 : 48, 8, async (i) => {
        const login = DEMO_COMPANY[i % DEMO_COMPANY.length]!;
        const res = await call('POST', '/auth/login', undefined, {
          email: login.email,
          password: login.password,
        });
        return res.status === 200;
      })),
    });
    for (const clients of [8, 80]) {
      for (const [scenario, operation] of scenarios) {
        progress(`api: ${scenario} with ${clients} clients`);
        rows.push({ scenario, clients, ...(await runPool(requests, clients, operation)) });
      }
    }
    const figures: Record<string, number> = {};
    for (const r of rows) {
      const key = `api.${r.scenario.split(' ').slice(0, 2).join(' ')}.c${r.clients}`;
      figures[`${key}.p50_ms`] = round(r.p50);
      figures[`${key}.p99_ms`] = round(r.p99);
      figures[`${key}.per_s`] = round(r.perSecond);
      figures[`${key}.failed`] = r.failed;
    }
    const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
    return {
      block: 'api',
      figures,
      lines: [
        `${'scenario'.padEnd(27)}${'clients'.padStart(8)}${'req/s'.padStart(9)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'p99'.padStart(10)}${'failed'.padStart(8)}`,
        ...rows.map(
          (r) =>
            `${r.scenario.padEnd(27)}${String(r.clients).padStart(8)}${r.perSecond.toFixed(1).padStart(9)}${ms(r.p50)}${ms(r.p95)}${ms(r.p99)}${String(r.failed).padStart(8)}`,
        ),
      ],
    };
  } finally {
    await cloud.stop();
  }
};
