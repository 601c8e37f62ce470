import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { commit } from '#shared/dynamo';
import { outboxPut, outboxRow } from '#shared/outbox/outbox';
import { probeService } from '../../test/fixtures/probe-service';
import { probeState } from '../../test/fixtures/probe-state';
import { testCloudOptions } from '../../test/support/cloud';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from './local-cloud';
import { clockOffset, realNow } from '../clock/business-clock';
import { freePort } from './free-port';

const dataDir = mkdtempSync(join(tmpdir(), 'ates-restart-'));
const clouds: LocalCloud[] = [];
afterAll(async () => {
  for (const cloud of clouds) await cloud.stop({ hard: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** A cloud on the test run's DynamoDB; tests in this file use table prefixes of their own. */
const cloudOptions = (prefix: string): LocalCloudOptions =>
  testCloudOptions([probeService], {
    tablePrefix: `${process.env.ATES_TABLE_PREFIX}${prefix}`,
    // The probe relays Tasker's events from its own table, which IAM refuses (test/local-cloud.system.test.ts).
    iam: false,
  });

/** A persisted cloud (queues, dead letters, stream positions under dataDir). */
async function startPersisted(overrides: Partial<LocalCloudOptions> = {}, prefix = 'r-') {
  const cloud = await startLocalCloud({
    ...cloudOptions(prefix),
    inMemory: false,
    dataDir,
    ...overrides,
  });
  clouds.push(cloud);
  return cloud;
}

describe('local cloud: while it starts', () => {
  it('answers 503 with Retry-After until everything is up and prepared, then serves the route', async () => {
    const gatewayPort = await freePort();
    let finishPreparing!: () => void;
    const preparing = new Promise<void>((resolve) => (finishPreparing = resolve));
    const starting = startLocalCloud({
      ...cloudOptions('s-'),
      inMemory: true,
      ports: { gateway: gatewayPort },
      prepare: () => preparing, // npm start seeds the demo company here
    });
    const url = `http://127.0.0.1:${gatewayPort}/probe/deliveries/x`;
    const early = await vi.waitFor(() => fetch(url), { timeout: 20_000, interval: 20 });
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(await early.json()).toMatchObject({ error: { code: 'starting' } });
    // Still 503 while tables are made and the seed runs, however long that takes.
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(url)).status).toBe(503);

    finishPreparing();
    const cloud = await starting;
    clouds.push(cloud);
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('local cloud: a hard stop and a restart', () => {
  it('delivers a message that was in flight when the cloud died', async () => {
    const taskId = randomUUID();
    probeState().hangOnce.add(taskId);
    const first = await startPersisted();
    await commit([
      outboxPut(
        first.tables.probe!,
        taskCompletedV1,
        { id: taskId, user_id: randomUUID(), completed_at: new Date().toISOString() },
        { correlationId: 'restart-test' },
      ),
    ]);
    // The consumer has the message and hangs: the process "dies" now, without draining.
    await vi.waitFor(() => expect(probeState().attempts).toContain(taskId), { timeout: 10_000 });
    await first.stop({ hard: true });
    const attemptsBeforeRestart = probeState().attempts.length;

    const second = await startPersisted();
    await second.settled();
    // Only the persisted queue can hand the message out again: the stream was relayed already.
    expect(probeState().attempts.slice(attemptsBeforeRestart)).toContain(taskId);
    const response = await fetch(`${second.urls.gateway}/probe/deliveries/${taskId}`);
    expect(((await response.json()) as { deliveries: number }).deliveries).toBe(1);
  });
});

/** The message EventBridge puts on the probe's queue for a task.completed of `taskId`. */
function busMessageOf(taskId: string) {
  const row = outboxRow(
    taskCompletedV1,
    { id: taskId, user_id: randomUUID(), completed_at: new Date().toISOString() },
    { correlationId: 'restart-waiting-test' },
  );
  return JSON.stringify({
    id: randomUUID(),
    source: row.source,
    'detail-type': row.detail_type,
    detail: JSON.parse(row.detail),
  });
}

describe('local cloud: a restart with messages waiting in its queues', () => {
  it('delivers them once the consumer has its tables and environment: no failed receive, no visibility wait', async () => {
    // A visibility timeout far beyond settled()'s 15 s: one failed receive would make it time out.
    // Its own tables and data: the clouds of the test above still run on theirs.
    const patient = { visibilityTimeoutMs: 600_000, dataDir: join(dataDir, 'waiting') };
    const first = await startPersisted(patient, 'w-');
    const queue = first.queues.get('probe')!;
    await queue.stop(); // the consumer stops taking messages; the queue still records them
    const taskIds = [randomUUID(), randomUUID(), randomUUID()];
    // Straight into the queue, as the bus would: in this one test process every cloud shares
    // the relay's module, whose EventBridge client knows the first cloud's endpoint only.
    for (const id of taskIds) queue.send(busMessageOf(id));
    expect(queue.depth).toBe(taskIds.length);
    await first.stop({ hard: true });
    // A new process has none of the environment the first cloud set.
    delete process.env[probeService.table.envVar];

    const second = await startPersisted(patient, 'w-');
    await second.settled();
    expect(second.queues.get('probe')!.failedReceives).toBe(0);
    for (const id of taskIds) {
      const response = await fetch(`${second.urls.gateway}/probe/deliveries/${id}`);
      expect(((await response.json()) as { deliveries: number }).deliveries).toBe(1);
    }
  });
});

describe('local cloud: the business clock across a restart', () => {
  it('keeps its offset under the data folder, so business time never goes back; in memory keeps nothing', async () => {
    const hour = 60 * 60 * 1000;
    const clockDir = { dataDir: join(dataDir, 'clock') };
    const first = await startPersisted(clockDir, 'c-');
    first.clock.advance(hour);
    await first.stop();
    expect(clockOffset()).toBe(0); // a stopped cloud gives the process its own clock back

    const second = await startPersisted(clockDir, 'c-');
    expect(clockOffset()).toBe(hour);
    const readFrom = realNow();
    const { now } = (await (await fetch(`${second.urls.gateway}/_local/clock`)).json()) as {
      now: string;
    };
    expect(Date.parse(now) - hour).toBeGreaterThanOrEqual(readFrom);
    expect(Date.parse(now) - hour).toBeLessThanOrEqual(realNow());
    await second.stop();

    const inMemory = await startLocalCloud({ ...cloudOptions('c-'), inMemory: true });
    clouds.push(inMemory);
    expect(clockOffset()).toBe(0);
  });
});
