import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { transactWrite } from '#shared/dynamo';
import { outboxPut } from '#shared/outbox/outbox';
import type { LocalCloud } from '../local/cloud';
import { startTestCloud } from './support/cloud';
import { probeService } from './fixtures/probe-service';
import { probeState } from './fixtures/probe-state';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud([probeService], { scheduler: true });
});

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(() => {
  cloud.bus.deliveryCopies = 1;
});

/** A producer's command: its state change would go in the same transaction as this outbox row. */
async function publishTaskCompleted(taskId: string) {
  await transactWrite([
    outboxPut(
      cloud.tables.probe!,
      taskCompletedV1,
      { id: taskId, user_id: randomUUID(), completed_at: new Date().toISOString() },
      { correlationId: 'local-cloud-test' },
    ),
  ]);
}

async function get(path: string, init?: RequestInit) {
  const response = await fetch(`${cloud.urls.gateway}${path}`, init);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads what it asserts
  const body: any = await response.json();
  return { status: response.status, headers: response.headers, body };
}

const attemptsFor = (taskId: string) => probeState().attempts.filter((id) => id === taskId);

describe('local cloud: outbox → stream → relay → bus → queue → consumer', () => {
  it('applies an event exactly once even when the bus delivers it twice', async () => {
    cloud.bus.deliveryCopies = 2;
    const taskId = randomUUID();
    await publishTaskCompleted(taskId);
    await cloud.settled();

    expect(attemptsFor(taskId)).toHaveLength(2);
    const { status, body } = await get(`/probe/deliveries/${taskId}`);
    expect(status).toBe(200);
    expect(body.deliveries).toBe(1);
  });

  it('retries a failing consumer maxReceiveCount times, keeps the dead letter and redrives it', async () => {
    const taskId = randomUUID();
    probeState().failing.add(taskId);
    await publishTaskCompleted(taskId);
    await cloud.settled();

    expect(attemptsFor(taskId)).toHaveLength(probeService.consumer.maxReceiveCount);
    const listed = await get('/_local/dlq?domain=probe');
    expect(listed.body.deadLetters).toHaveLength(1);
    const [letter] = listed.body.deadLetters;
    expect(letter).toMatchObject({ domain: 'probe', receiveCount: 3 });
    expect(letter.error).toContain(`probe told to fail on ${taskId}`);
    expect(JSON.parse(letter.body)).toMatchObject({
      source: 'ates.tasker',
      'detail-type': 'task.completed',
      detail: { data: { id: taskId } },
    });
    expect((await get(`/probe/deliveries/${taskId}`)).body.deliveries).toBe(0);

    probeState().failing.delete(taskId);
    const redriven = await get('/_local/dlq/redrive', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'probe', id: letter.id }),
    });
    expect(redriven.body.redriven).toEqual([{ id: letter.id, domain: 'probe' }]);
    await cloud.settled();

    expect((await get(`/probe/deliveries/${taskId}`)).body.deliveries).toBe(1);
    expect(cloud.deadLetters.list()).toEqual([]);
  });
});

describe('local cloud: the gateway', () => {
  it('hands a route its HTTP API v2 event', async () => {
    const { body } = await get('/probe/deliveries/abc%20d?x=1&x=2&y=3', {
      headers: { 'X-Correlation-Id': 'c-1' },
    });
    expect(body.event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /probe/deliveries/{id}',
      rawPath: '/probe/deliveries/abc%20d',
      rawQueryString: 'x=1&x=2&y=3',
      queryStringParameters: { x: '1,2', y: '3' },
      pathParameters: { id: 'abc d' },
      headers: { 'x-correlation-id': 'c-1' },
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/probe/deliveries/abc%20d' } },
    });
    expect(body.event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes 404, a wrong method 405, a missing handler file 502', async () => {
    const unknown = await get('/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');

    const wrongMethod = await get('/probe/deliveries/1', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');

    const missing = await get('/probe/deliveries/1', { method: 'POST' });
    expect(missing.status).toBe(502);
    expect(missing.body.error).toMatchObject({ code: 'handler_missing' });
    expect(missing.body.error.message).toContain('test/fixtures/no-such-handler.ts');
  });

  it('reports its health', async () => {
    const { status, body } = await get('/_local/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', urls: { gateway: cloud.urls.gateway } });
  });
});

describe('local cloud: EventBridge PutEvents for the real SDK client', () => {
  const client = () => new EventBridgeClient({});
  const entry = (detail: string) => ({
    Source: 'ates.analytics',
    DetailType: 'nobody.listens',
    Detail: detail,
    EventBusName: process.env.EVENT_BUS_NAME,
  });

  it('accepts good entries and fails bad ones one by one', async () => {
    const result = await client().send(
      new PutEventsCommand({ Entries: [entry('{"a":1}'), entry('not json')] }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.EventId).toBeTruthy();
    expect(result.Entries?.[1]?.ErrorCode).toBe('MalformedDetail');
  });

  it('refuses more than ten entries in one call', async () => {
    const entries = Array.from({ length: 11 }, () => entry('{}'));
    await expect(client().send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('local cloud: the scheduler', () => {
  it('fires a schedule handler with a scheduled event', async () => {
    const [tick] = cloud.schedules;
    expect(tick?.nextRun()?.getUTCFullYear()).toBe(2099);
    await tick!.fire();
    expect(probeState().ticks.at(-1)).toMatchObject({
      source: 'aws.scheduler',
      'detail-type': 'Scheduled Event',
    });
  });
});
