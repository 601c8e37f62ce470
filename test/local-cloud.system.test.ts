import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { commit } from '#shared/dynamo';
import { outboxPut } from '#shared/outbox/outbox';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { startTestCloud } from './support/cloud';
import { probeService } from './fixtures/probe-service';
import { probeState } from './fixtures/probe-state';

let cloud: LocalCloud;

beforeAll(async () => {
  // IAM off: the probe relays Tasker's task.completed from its own table to stand in for a
  // producer, which AWS would refuse (a relay may publish only its own source). This file tests
  // the cloud's plumbing; local/iam and every system test of the real domains test enforcement.
  cloud = await startTestCloud([probeService], { scheduler: true, iam: false });
});

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(() => {
  cloud.bus.deliveryCopies = 1;
});

/** A producer's command: its state change would go in the same transaction as this outbox row. */
async function publishTaskCompleted(taskId: string) {
  await commit([
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
    // The HTTP API's format, e.g. 26/Nov/2026:10:30:00 +0000.
    expect(body.event.requestContext.time).toMatch(
      /^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
    const time = new Date(body.event.requestContext.timeEpoch);
    expect(body.event.requestContext.time.slice(0, 2)).toBe(
      String(time.getUTCDate()).padStart(2, '0'),
    );
  });

  it('answers as the HTTP API does when no route matches: 404 {"message":"Not Found"}', async () => {
    const notFound = { status: 404, body: { message: 'Not Found' } };
    const pick = ({ status, body }: { status: number; body: unknown }) => ({ status, body });
    // An unknown path, an unknown method on a known path, and a trailing slash.
    expect(pick(await get('/nowhere', { method: 'POST' }))).toEqual(notFound);
    expect(pick(await get('/probe/deliveries/1', { method: 'DELETE' }))).toEqual(notFound);
    expect(pick(await get('/probe/deliveries/1/'))).toEqual(notFound);
    expect(pick(await get('/probe/echo/', { method: 'POST', body: '{}' }))).toEqual(notFound);
  });

  it('answers 500 {"message":"Internal Server Error"} when a handler throws or cannot load, with no error text', async () => {
    for (const [path, method] of [
      ['/probe/deliveries/boom', 'GET'],
      ['/probe/deliveries/1', 'POST'], // its handler file does not exist
    ] as const) {
      const response = await fetch(`${cloud.urls.gateway}${path}`, { method });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ message: 'Internal Server Error' });
    }
  });

  it('prints what a function logged before its route answered 5xx, so a flaky 500 explains itself', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await get('/probe/deliveries/boom')).status).toBe(500);
      const report = printed.mock.calls.map((args) => String(args[0])).join('\n');
      expect(report).toContain('GET /probe/deliveries/boom answered 500');
      expect(report).toMatch(/"level":"ERROR","message":"probe told to fail".*"id":"boom"/);
    } finally {
      printed.mockRestore();
    }
  });

  it('answers 400 {"message":"Bad Request"} to a malformed percent-escape in the path or query', async () => {
    for (const path of [
      '/probe/deliveries/%ZZ',
      '/probe/deliveries/%E0%A4%A',
      '/probe/deliveries/1?q=%',
    ]) {
      const { status, body } = await get(path);
      expect({ path, status, body }).toEqual({
        path,
        status: 400,
        body: { message: 'Bad Request' },
      });
    }
  });

  it('hands binary, form and untyped bodies base64-encoded, JSON and text as they are', async () => {
    const echo = async (body: string | Uint8Array<ArrayBuffer>, contentType?: string) => {
      const { body: answer } = await get('/probe/echo', {
        method: 'POST',
        body,
        headers: contentType ? { 'content-type': contentType } : {},
      });
      return { body: answer.event.body, isBase64Encoded: answer.event.isBase64Encoded };
    };
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect(await echo(bytes, 'application/octet-stream')).toEqual({
      body: 'AAEC/w==',
      isBase64Encoded: true,
    });
    expect(await echo('a=1', 'application/x-www-form-urlencoded')).toEqual({
      body: 'YT0x',
      isBase64Encoded: true,
    });
    expect(await echo(bytes)).toEqual({ body: 'AAEC/w==', isBase64Encoded: true });
    expect(await echo('{"a":1}', 'application/json; charset=utf-8')).toEqual({
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    expect(await echo('hi', 'text/plain')).toEqual({ body: 'hi', isBase64Encoded: false });
  });

  it('refuses a body over 10 MB with 413 {"message":"Request Entity Too Large"}', async () => {
    const tooLarge = await get('/probe/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array(10 * 1024 * 1024 + 1),
    });
    expect({ status: tooLarge.status, body: tooLarge.body }).toEqual({
      status: 413,
      body: { message: 'Request Entity Too Large' },
    });
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

  it('retries a scheduled run that throws twice, as an async Lambda invoke, then dead-letters it; a redrive runs it again', async () => {
    const [tick] = cloud.schedules;
    const before = probeState().ticks.length;
    probeState().tickFails = true;
    try {
      await tick!.runScheduled();
    } finally {
      probeState().tickFails = false;
    }
    const runs = probeState().ticks.slice(before) as Array<{ id: string }>;
    expect(runs).toHaveLength(3);
    expect(new Set(runs.map((run) => run.id)).size).toBe(1); // the same event each attempt

    const listed = await get('/_local/dlq?domain=probe');
    expect(listed.body.deadLetters).toEqual([
      expect.objectContaining({
        id: runs[0]!.id,
        domain: 'probe',
        target: 'schedule:tick',
        receiveCount: 3,
        error: 'Error: probe tick told to fail',
      }),
    ]);

    const redriven = await get('/_local/dlq/redrive', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'probe' }),
    });
    expect(redriven.body.redriven).toEqual([{ id: runs[0]!.id, domain: 'probe' }]);
    await vi.waitFor(() => expect(probeState().ticks.length).toBe(before + 4), { timeout: 10_000 });
    expect(cloud.deadLetters.list()).toEqual([]);
  });
});
