import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { freePort } from '../../local/cloud/free-port';

/**
 * Global setup of the integration and system tiers (the unit tier starts no Java): DynamoDB
 * Local engines, each in memory, and a lease service that gives each test file the least loaded
 * engine while it runs. Every file works on its own table prefix. More than one engine because
 * DynamoDB Local slows down on stream tables created after many stream records exist in the
 * same process, and runs transactions one after the other: files spread over engines neither
 * poison nor queue behind each other (the concurrency race took 141 s beside the reshuffle test
 * on one engine, 32 s alone), so a file marked `@heavy` weighs as much as several others.
 * ATES_TEST_ENGINES caps how many engines (default 3); they start as files need them: one
 * with the first file, another when a file asks while every engine is busy, so one file run on
 * its own starts one JVM, not three (each costs seconds of CPU to start). Both tiers of one run
 * share them.
 */
const ENGINES = Math.max(1, Number(process.env.ATES_TEST_ENGINES ?? 3));

interface Shared {
  users: number;
  started: Promise<{ url: string; stop(): Promise<void> }>;
}
// Each project loads this file on its own; the engines live once per vitest process.
const KEY = Symbol.for('ates.test.engines');
const registry = globalThis as typeof globalThis & { [KEY]?: Shared };

async function start() {
  const startEngine = async () => startDynamoDbLocal({ port: await freePort() });
  const engines = [await startEngine()];
  const load = [0];
  let starting: Promise<unknown> | undefined;
  /** The least loaded engine; when all are busy and the cap allows, a new one (started once). */
  async function leastLoaded(): Promise<number> {
    while (Math.min(...load) > 0 && engines.length < ENGINES) {
      starting ??= startEngine()
        .then((engine) => {
          engines.push(engine);
          load.push(0);
        })
        .finally(() => (starting = undefined));
      await starting;
    }
    return load.indexOf(Math.min(...load));
  }
  // GET /lease?weight=N answers the least loaded engine's endpoint; /release?endpoint=…&weight=N.
  const leases = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const weight = Number(url.searchParams.get('weight') ?? 1);
    if (url.pathname === '/lease') {
      try {
        const index = await leastLoaded();
        load[index]! += weight;
        response.end(engines[index]!.endpoint);
      } catch (error) {
        response.statusCode = 500;
        response.end(String(error));
      }
    } else if (url.pathname === '/release') {
      const index = engines.findIndex((e) => e.endpoint === url.searchParams.get('endpoint'));
      if (index >= 0) load[index]! -= weight;
      response.end();
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => leases.listen(0, '127.0.0.1', resolve));
  const { port } = leases.address() as AddressInfo;
  const stop = async () => {
    leases.close();
    await starting?.catch(() => undefined);
    await Promise.all(engines.map((engine) => engine.stop()));
  };
  return { url: `http://127.0.0.1:${port}`, stop };
}

export async function setup(project: TestProject) {
  const shared = (registry[KEY] ??= { users: 0, started: start() });
  shared.users += 1;
  project.provide('engineLeases', (await shared.started).url);
}

export async function teardown() {
  const shared = registry[KEY];
  if (!shared || --shared.users > 0) return;
  delete registry[KEY];
  await (await shared.started).stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engines' lease service (integration and system tiers). */
    engineLeases: string;
    /** The unit tier's stand-in for DynamoDB, which refuses every request with a clear message. */
    dynamoTrap: string;
  }
}
