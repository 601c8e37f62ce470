import { afterEach, describe, expect, it } from 'vitest';
import { IDLE_CONNECTION_MS, listen, sendJson, type RunningServer } from './http-io';

let server: RunningServer | undefined;
afterEach(async () => server?.close());

describe('the local servers keep idle connections open', () => {
  // Node's 5 s default reset a reused connection under a request when the shared process stalled
  // for longer (the bench's 10,000-task reshuffle, ECONNRESET at load 37): the server promises its
  // clients a minute, and they close their idle sockets before it does.
  it('for a minute, and says so to its clients', async () => {
    server = await listen(async (_request, response) => sendJson(response, 200, {}), 0, 'test');
    const response = await fetch(server.url);
    await response.json();
    expect(IDLE_CONNECTION_MS).toBeGreaterThanOrEqual(60_000);
    expect(response.headers.get('keep-alive')).toBe(`timeout=${IDLE_CONNECTION_MS / 1000}`);
  });
});
