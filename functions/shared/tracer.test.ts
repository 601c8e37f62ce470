import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpEvent } from '../../test/support/http-event';
import type { RouteDeclaration } from './declaration';

/**
 * Issue 28: where Lambda runs a function with active tracing, every handler kind records its
 * invocation in X-Ray annotated with the request's correlation id, and every AWS SDK client the
 * functions build is captured. The segments go where Lambda's X-Ray daemon listens
 * (`AWS_XRAY_DAEMON_ADDRESS`): here a UDP socket of the test's. Without Lambda, or with
 * `POWERTOOLS_TRACE_ENABLED=false` (the local cloud), the same handlers run untraced.
 */
let daemon: Socket;
let received: Record<string, unknown>[] = [];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    // Each datagram is a header line, then one segment document.
    const [, document] = message.toString('utf8').split('\n');
    if (document) received.push(JSON.parse(document) as Record<string, unknown>);
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
});
afterAll(() => daemon.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
  received = [];
});

const route = {
  method: 'POST',
  path: '/traced',
  handler: 'functions/shared/tracer.test.ts',
  access: 'public',
  summary: 'a public route for tracing',
} as const satisfies RouteDeclaration;

const context = { functionName: 'ates-test-traced', awsRequestId: 'r-1' } as Context;

/** The environment Lambda gives a function with active tracing, before its modules load. */
function inLambdaWithTracing() {
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs20.x');
  vi.stubEnv('LAMBDA_TASK_ROOT', '/var/task');
  vi.stubEnv('_HANDLER', 'index.handler');
  vi.stubEnv(
    '_X_AMZN_TRACE_ID',
    'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1',
  );
  vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${(daemon.address() as AddressInfo).port}`);
  vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
}

async function tracedModules() {
  // The X-Ray SDK is a package, loaded once per unit worker (vitest.config.ts): it read the
  // daemon's address when an earlier file loaded it, so it is told this test's, as it would have
  // read it from AWS_XRAY_DAEMON_ADDRESS loading in this Lambda environment.
  const { tracer } = await import('./tracer');
  tracer.provider.setDaemonAddress(process.env.AWS_XRAY_DAEMON_ADDRESS!);
  const { publicHttpHandler } = await import('./http/public-handler');
  const { createConsumerHandler } = await import('./consumer/consumer');
  const http = publicHttpHandler(route, {}, async () => ({ status: 200, body: { ok: true } }));
  const consumer = createConsumerHandler({
    domain: 'test',
    tableName: () => 'unused',
    subscriptions: [],
  });
  return { http, consumer };
}

/**
 * An event this consumer has no reaction to: it fails before any AWS call (a batch of only
 * failures is thrown whole by Powertools' batch processor).
 */
const sqsEvent = (correlationId: string): SQSEvent => ({
  Records: [
    {
      messageId: 'm-1',
      body: JSON.stringify({
        source: 'ates.tasker',
        'detail-type': 'task.created',
        detail: {
          metadata: {
            event_id: '5f0c2f7e-54d3-4d8e-9d36-4b7c1c0d3a11',
            event_name: 'task.created',
            event_version: 1,
            event_time: '2026-12-06T00:00:00.000Z',
            producer: 'tasker',
            correlation_id: correlationId,
          },
          data: {},
        },
      }),
      attributes: { ApproximateReceiveCount: '1' },
      eventSource: 'aws:sqs',
    } as unknown as SQSEvent['Records'][number],
  ],
});

/** A batch of two such events at once (the consumer runs records that commit alone at once). */
const twoAtOnce = (first: string, second: string): SQSEvent => ({
  Records: [...sqsEvent(first).Records, { ...sqsEvent(second).Records[0]!, messageId: 'm-2' }],
});

const annotated = (correlationId: string) =>
  received.filter(
    (segment) =>
      (segment.annotations as Record<string, unknown> | undefined)?.correlation_id ===
      correlationId,
  );

describe('traces', () => {
  it('annotates a route’s and a consumer’s subsegments with the correlation id, in Lambda', async () => {
    inLambdaWithTracing();
    const { http, consumer } = await tracedModules();
    const answer = await http(
      { ...httpEvent(route, { body: {} }), headers: { 'x-correlation-id': 'traced-request' } },
      context,
    );
    expect(answer.statusCode).toBe(200);
    await expect(consumer(sqsEvent('traced-event'), context)).rejects.toThrow(/records failed/);

    await vi.waitFor(() => expect(annotated('traced-event')).toHaveLength(1));
    await vi.waitFor(() => expect(annotated('traced-request')).toHaveLength(1));
    expect(annotated('traced-request')[0]).toMatchObject({
      name: '## index.handler',
      annotations: { Service: 'ates' },
    });
    expect(annotated('traced-event')[0]).toMatchObject({
      name: 'event task.created',
      fault: true,
    });
  });

  it('gives records at once a subsegment each, beside each other, in Lambda', async () => {
    inLambdaWithTracing();
    const { consumer } = await tracedModules();
    await expect(consumer(twoAtOnce('at-once-1', 'at-once-2'), context)).rejects.toThrow(
      /records failed/,
    );

    // Each its own, sent on its own: not one nested in the other's, as with one current slot.
    await vi.waitFor(() => expect(annotated('at-once-1')).toHaveLength(1));
    await vi.waitFor(() => expect(annotated('at-once-2')).toHaveLength(1));
    const [first, second] = [annotated('at-once-1')[0]!, annotated('at-once-2')[0]!];
    expect(second.parent_id).toBe(first.parent_id);
  });

  it('captures every AWS SDK client the functions build, in Lambda', async () => {
    inLambdaWithTracing();
    const { documentClient } = await import('./dynamo');
    const { handler: relay } = await import('./outbox/relay-handler');
    const { SesMailer } = await import('../accounting/store/ses-mailer');
    const middleware = (client: { middlewareStack: { identify(): string[] } }) =>
      client.middlewareStack.identify().some((name) => name.startsWith('XRaySDKInstrumentation'));
    expect(middleware(documentClient)).toBe(true);
    const mailer = new SesMailer({ instances: 1 }) as unknown as {
      client: Parameters<typeof middleware>[0];
    };
    expect(middleware(mailer.client)).toBe(true);
    expect(relay).toBeTypeOf('function');
  });

  it('runs the same handlers untraced, without error, where tracing is off', async () => {
    inLambdaWithTracing();
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false'); // what the local cloud sets
    vi.stubEnv('_X_AMZN_TRACE_ID', ''); // and no trace: nothing calls a daemon
    const { http, consumer } = await tracedModules();
    const answer = await http({ ...httpEvent(route, { body: {} }) }, context);
    expect(answer.statusCode).toBe(200);
    await expect(consumer(sqsEvent('untraced'), context)).rejects.toThrow(/records failed/);
    const { documentClient } = await import('./dynamo');
    expect(documentClient.middlewareStack.identify().join()).not.toContain('XRay');
    expect(received).toStrictEqual([]);
  });
});
