import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from './local-bus';
import { startEventBridgeServer } from './eventbridge-server';
import type { RunningServer } from '../cloud/http-io';

const published: BusEvent[] = [];
let bus: RunningServer;
let client: EventBridgeClient;

beforeAll(async () => {
  bus = await startEventBridgeServer({
    port: 0,
    region: 'us-east-1',
    busName: 'b',
    publish: (event) => published.push(event),
  });
  client = new EventBridgeClient({
    endpoint: bus.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await bus.close();
});

/** An entry of exactly `bytes` bytes as AWS counts them (Source + DetailType + Detail). */
const entryOf = (bytes: number, extra: { Time?: Date; Resources?: string[] } = {}) => {
  const source = 'ates.tasker';
  const detailType = 'task.created';
  const filler = bytes - source.length - detailType.length - '{"x":""}'.length;
  return {
    Source: source,
    DetailType: detailType,
    // 'é' is two UTF-8 bytes: the size is in bytes, not characters.
    Detail: JSON.stringify({ x: `é${'a'.repeat(filler - 2)}` }),
    ...extra,
  };
};
const put = (entries: ReturnType<typeof entryOf>[]) =>
  client.send(new PutEventsCommand({ Entries: entries }));

describe('the local bus, at the PutEvents size limit', () => {
  it('refuses a whole request over 256 KB with ValidationException, though each entry is under it, and puts nothing', async () => {
    const before = published.length;
    const error = await put([entryOf(130 * 1024), entryOf(130 * 1024)]).catch(
      (e: unknown) => e as Error,
    );
    expect((error as Error).name).toBe('ValidationException');
    expect((error as Error).message).toMatch(
      /^Total size of the entries in the request is over the limit/,
    );
    expect(published.length).toBe(before);
  });

  it('counts UTF-8 bytes, 14 for a Time and each resource: 256 KB exactly goes, one byte more does not', async () => {
    const resource = 'arn:aws:events:us-east-1:000000000000:rule/r';
    const exact = 256 * 1024 - 14 - resource.length;
    const fits = await put([entryOf(exact, { Time: new Date(), Resources: [resource] })]);
    expect(fits.FailedEntryCount).toBe(0);
    const over = await put([
      entryOf(exact, { Time: new Date(), Resources: [`${resource}x`] }),
    ]).catch((e: unknown) => e as Error);
    expect((over as Error).name).toBe('ValidationException');
  });
});
