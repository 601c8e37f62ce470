import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { commit } from '#shared/dynamo';
import { outboxPut } from '#shared/outbox/outbox';
import { probeService } from '../test/fixtures/probe-service';
import { probeState } from '../test/fixtures/probe-state';
import { startLocalCloud, type LocalCloud } from './cloud';

const dataDir = mkdtempSync(join(tmpdir(), 'ates-restart-'));
const clouds: LocalCloud[] = [];
afterAll(async () => {
  for (const cloud of clouds) await cloud.stop({ hard: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** A persisted cloud (queues, dead letters, stream positions under dataDir) on the test run's DynamoDB. */
async function startPersisted() {
  const cloud = await startLocalCloud({
    inMemory: false,
    dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: process.env.ATES_TABLE_PREFIX,
    services: [probeService],
    ses: false,
    scheduler: false,
    quiet: true,
    visibilityTimeoutMs: 30,
    pollIntervalMs: 50,
    streamRetryDelayMs: 100,
  });
  clouds.push(cloud);
  return cloud;
}

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

    const second = await startPersisted();
    await second.settled();
    const response = await fetch(`${second.urls.gateway}/probe/deliveries/${taskId}`);
    expect(((await response.json()) as { deliveries: number }).deliveries).toBe(1);
    expect(probeState().attempts.filter((id) => id === taskId)).toHaveLength(2);
  });
});
