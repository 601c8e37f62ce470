import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { commit } from '#shared/dynamo';
import { outboxPut } from '#shared/outbox/outbox';
import { probeService } from '../test/fixtures/probe-service';
import { probeState } from '../test/fixtures/probe-state';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from './cloud';
import { freePort } from './ports';

const dataDir = mkdtempSync(join(tmpdir(), 'ates-restart-'));
const clouds: LocalCloud[] = [];
afterAll(async () => {
  for (const cloud of clouds) await cloud.stop({ hard: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** A cloud on the test run's DynamoDB; tests in this file use table prefixes of their own. */
const cloudOptions = (prefix: string): LocalCloudOptions => ({
  dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
  tablePrefix: `${process.env.ATES_TABLE_PREFIX}${prefix}`,
  services: [probeService],
  ses: false,
  scheduler: false,
  quiet: true,
  visibilityTimeoutMs: 30,
  pollIntervalMs: 50,
  streamRetryDelayMs: 100,
});

/** A persisted cloud (queues, dead letters, stream positions under dataDir). */
async function startPersisted() {
  const cloud = await startLocalCloud({ ...cloudOptions('r-'), inMemory: false, dataDir });
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
