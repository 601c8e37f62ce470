/**
 * Latency and throughput of the HTTP API on the local cloud (in memory), through the real
 * gateway, handlers, token verification and DynamoDB Local. Prints one row per scenario.
 *
 *   npx tsx bench/api-latency.ts [--requests 400] [--concurrency 8]
 *
 * The local cloud runs in this process, so the figures include its event delivery work; they
 * compare changes on one machine, they are not a forecast of Lambda latency.
 */
import '../local/quiet-sdk-notice';
import { parseArgs } from 'node:util';
import { startLocalCloud } from '../local/cloud';
import { DEMO_COMPANY, seedDemoCompany } from '../local/seed-demo';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

const cloud = await startLocalCloud({ inMemory: true, quiet: true, ses: false, scheduler: false });
const base = cloud.urls.gateway;

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

interface Row {
  scenario: string;
  requests: number;
  failed: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Runs `count` requests, `CONCURRENCY` at a time, and summarises their latencies. */
async function measure(
  scenario: string,
  count: number,
  request: (i: number) => Promise<{ status: number }>,
  expected: number,
): Promise<Row> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const { status } = await request(i);
      latencies.push(performance.now() - t0);
      if (status !== expected) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const row = {
    scenario,
    requests: count,
    failed,
    perSecond: count / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
  };
  process.stderr.write(`  measured ${scenario}\n`);
  return row;
}

try {
  process.stderr.write(`seeding the demo company on ${base} ...\n`);
  await seedDemoCompany({ log: () => {} });
  await cloud.settled(60_000); // Tasker has heard of every worker before tasks are created
  const login = async (email: string) => {
    const password = DEMO_COMPANY.find((u) => u.email === email)!.password;
    return (await call('POST', '/auth/login', undefined, { email, password })).body.token as string;
  };
  const worker = await login('worker1@uberpopug.test');
  const manager = await login('manager@uberpopug.test');
  const taskIds: string[] = [];

  const rows = [
    await measure(
      'POST /auth/login (scrypt)',
      Math.min(REQUESTS, 50),
      () =>
        call('POST', '/auth/login', undefined, {
          email: 'worker2@uberpopug.test',
          password: 'popug-worker2',
        }),
      200,
    ),
    await measure('GET /auth/me', REQUESTS, () => call('GET', '/auth/me', worker), 200),
    await measure(
      'POST /tasks',
      REQUESTS,
      async (i) => {
        const res = await call('POST', '/tasks', worker, {
          title: `Bench task ${i}`,
          description: 'measured',
        });
        if (res.status === 201) taskIds.push(res.body.id as string);
        return res;
      },
      201,
    ),
    await measure(
      'GET /tasks?assignee=all',
      REQUESTS,
      () => call('GET', '/tasks?assignee=all&limit=50', manager),
      200,
    ),
    await measure(
      'GET /tasks/{id}',
      REQUESTS,
      (i) => call('GET', `/tasks/${taskIds[i % taskIds.length]}`, manager),
      200,
    ),
  ];

  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`\nlocal cloud, ${CONCURRENCY} concurrent clients\n`);
  console.log(
    `${'scenario'.padEnd(28)}${'requests'.padStart(9)}${'failed'.padStart(8)}${'req/s'.padStart(9)}` +
      `${'p50'.padStart(11)}${'p95'.padStart(11)}${'p99'.padStart(11)}${'max'.padStart(11)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.scenario.padEnd(28)}${String(r.requests).padStart(9)}${String(r.failed).padStart(8)}` +
        `${r.perSecond.toFixed(1).padStart(9)}${ms(r.p50).padStart(11)}${ms(r.p95).padStart(11)}` +
        `${ms(r.p99).padStart(11)}${ms(r.max).padStart(11)}`,
    );
  }
} finally {
  await cloud.stop();
}
