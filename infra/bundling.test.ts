import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { RELAY_HANDLER } from '#shared/declaration';
import { outboxRow, packedRows } from '#shared/outbox/outbox';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { authService } from '../functions/auth/service';
import { taskerService } from '../functions/tasker/service';
import { bundleAll } from '../bench/lib/bundles';
import { streamEventOf } from '../local/dynamodb-streams/stream-records';
import { DomainFunction } from './constructs/domain-function';
import { testApp } from './test-support/test-app';

interface Lambda {
  Runtime: string;
  Handler: string;
  Code: { S3Key: string };
}

/**
 * The other infra tests skip bundling to stay fast; this one bundles one real handler through
 * CDK with the project's settings (local esbuild, no Docker) and loads the result the way Lambda
 * would. The tests after it read every function's bundle, made with esbuild straight.
 */
describe('bundling a handler', () => {
  it('produces one minified ESM file with the AWS SDK inside and a source map', async () => {
    const bundle = synthBundle(RELAY_HANDLER, { EVENT_BUS_NAME: 'ates-test' });
    expect(existsSync(`${bundle}.map`)).toBe(true);

    const code = readFileSync(bundle, 'utf8');
    // Bundled, not imported at run time: no bare import of the SDK or of our own modules.
    // (Booleans, not string matchers: a failure would print the whole bundle.)
    expect(/from\s*["']@aws-sdk\//.test(code)).toBe(false);
    expect(/from\s*["']\.\.?\//.test(code)).toBe(false);
    expect(code.includes('"PutEvents"')).toBe(true);
    // Minified: very long lines (the few line breaks left are inside template literals).
    expect(code.length / code.split('\n').length).toBeGreaterThan(2_000);
    expect(statSync(bundle).size).toBeGreaterThan(100_000);

    // The default credential chain is aliased away: no STS or SSO client inside.
    expect(code.includes('AssumeRoleWithWebIdentity')).toBe(false);
    expect(code.includes('GetRoleCredentials')).toBe(false);
    // So is the SDK's event-stream codec, which no operation we call uses: its stand-in is there.
    expect(code.includes(':message-type')).toBe(false);
    expect(code.includes('event streams are not bundled')).toBe(true);

    // Lambda loads it as an ES module and gives it credentials in the environment; so does this
    // test, and the bundle signs its PutEvents with them.
    const bus = await fakeEventBridge();
    Object.assign(process.env, {
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'AKIABUNDLETEST',
      AWS_SECRET_ACCESS_KEY: 'bundle-test-secret',
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
      EVENT_BUS_NAME: 'ates-test',
    });
    try {
      const module = await import(pathToFileURL(bundle).href);
      const row = outboxRow(
        taskCompletedV1,
        {
          id: crypto.randomUUID(),
          user_id: crypto.randomUUID(),
          completed_at: new Date().toISOString(),
        },
        { correlationId: 'bundling-test' },
      );
      // The row as the outbox writes it (its details packed in a Binary attribute), in the
      // event JSON Lambda hands the relay (the Binary as base64 text).
      const [packed] = packedRows([row]);
      const event = streamEventOf(
        [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(packed) } }],
        'arn:aws:dynamodb:eu-central-1:123456789012:table/ates-test/stream/1',
        'eu-central-1',
      );
      const result = await module.handler(JSON.parse(JSON.stringify(event)), {}, () => {});
      expect(result?.batchItemFailures ?? []).toEqual([]);
      expect(bus.requests).toHaveLength(1);
      expect(bus.requests[0]?.authorization).toContain('Credential=AKIABUNDLETEST/');
    } finally {
      await bus.close();
    }
  }, 120_000);
});

/**
 * Every function the app deploys, bundled once for the tests below in one esbuild run with
 * infra's settings (bench/lib/bundles.ts): a CDK synth per bundle cost seconds of CPU each, and
 * one esbuild run per function parses the AWS SDK again each time.
 */
let everyBundle: ReturnType<typeof bundleAll> | undefined;
const bundles = () => (everyBundle ??= bundleAll());

/** The bundle of the function whose handler is `entry`. */
async function codeOf(entry: string) {
  const found = [...(await bundles()).values()].find((bundle) => bundle.entry === entry);
  if (!found) throw new Error(`${entry} is not a function the app deploys`);
  return found.code;
}

describe('every function', () => {
  it('bundles with the settings infra/ deploys it with', async () => {
    const all = await bundles();
    expect(all.size).toBeGreaterThan(20);
    for (const [name, { code }] of all) expect(code.length, name).toBeGreaterThan(10_000);
  });
}, 180_000);

/**
 * The CEO's guide: jose signs tokens, aws-jwt-verify verifies them; each bundle carries only the
 * library it uses. A string of each library's own code tells whether it is inside.
 */
describe('the JWT libraries in each bundle', () => {
  const verifier = (code: string) =>
    code.includes('JWT signature algorithm') || code.includes('JWKS fetch from');
  const signer = (code: string) => code.includes('setProtectedHeader');
  /** Any part of jose: its error codes come with key generation and import as with signing. */
  const jose = (code: string) => code.includes('ERR_JOSE_NOT_SUPPORTED');

  it('a public route that signs (login) carries jose and no token verifier', async () => {
    const code = await codeOf(authService.routes.login!.handler);
    expect(signer(code)).toBe(true);
    expect(verifier(code)).toBe(false);
  });

  it('an Auth route that signs nothing (me) carries no jose at all: it is not a cold start cost there', async () => {
    expect(jose(await codeOf(authService.routes.me!.handler))).toBe(false);
    expect(jose(await codeOf(authService.routes.login!.handler))).toBe(true);
  });

  it('a route that checks a token carries the verifier; a consumer carries neither', async () => {
    const taskRoute = await codeOf(taskerService.routes.getTask!.handler);
    expect(verifier(taskRoute)).toBe(true);
    expect(signer(taskRoute)).toBe(false);
    const consumer = await codeOf(taskerService.consumer!.handler);
    expect(verifier(consumer)).toBe(false);
    expect(signer(consumer)).toBe(false);
  });
}, 180_000);

/**
 * Classic zod costs every function's cold start ≈ 20–50 ms of CPU more than `zod/mini`
 * (docs/performance.md): one import of `zod` instead of `#events/zod` would bring it all back.
 */
describe('zod in each bundle', () => {
  it('is zod/mini: a route with a body, the contracts and stores, carries no classic zod', async () => {
    const code = await codeOf(taskerService.routes.createTask!.handler);
    expect(code.includes('"ZodMiniString"')).toBe(true);
    expect(code.includes('"ZodString"')).toBe(false);
  });
}, 180_000);

/**
 * Synthesizes one function with the project's bundling (local esbuild, no Docker) and returns
 * the path of its bundle, found through the S3 key the template gives it.
 */
function synthBundle(entry: string, environment: Record<string, string>): string {
  const outdir = mkdtempSync(join(tmpdir(), 'ates-bundle-'));
  const app = testApp({ outdir });
  const stack = new Stack(app, 'Bundle');
  new DomainFunction(stack, 'Fn', { entry, description: 'bundling test', environment });
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template;
  const resources = template.Resources as Record<string, { Type: string; Properties: Lambda }>;
  const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
  expect(fn.Properties.Runtime).toBe('nodejs22.x');
  expect(fn.Properties.Handler).toBe('index.handler');
  // The staged asset directory is named after the hash the template's S3 key carries.
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  return join(outdir, `asset.${hash}`, 'index.mjs');
}

/** Answers PutEvents as EventBridge does and keeps each request's headers. */
async function fakeEventBridge() {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push(request.headers);
      const entries = (JSON.parse(body) as { Entries: unknown[] }).Entries;
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.end(
        JSON.stringify({
          FailedEntryCount: 0,
          Entries: entries.map((_, i) => ({ EventId: `e${i}` })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
