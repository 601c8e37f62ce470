import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`the request body is over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The whole body. Over `limit` bytes it throws, but only once the request is read to its end,
 * so the client gets the answer instead of a reset connection.
 */
export async function readBody(
  request: IncomingMessage,
  limit = Number.POSITIVE_INFINITY,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new BodyTooLargeError(limit);
  return Buffer.concat(chunks);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A listening server as the cloud tracks it: its URL, and a close that drops idle sockets. */
export function runningServerOf(server: Server): RunningServer {
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/**
 * How long a local server keeps an idle keep-alive connection open. Node's default is 5 s, and
 * the local cloud's servers share one process with their clients (the bench, the functions' SDK
 * clients): when a loaded machine stalls that process for longer than 5 s right after a client
 * handed a request to a reused connection, the server's idle timer fires first and resets the
 * connection under the request (`ECONNRESET`; the 10,000-task reshuffle died of it at load 37).
 * AWS's endpoints run on other machines and would not reset a request in flight: the reset is
 * the local server's. A minute is far beyond any stall seen; the headers' timeout stays above it.
 * The servers tell clients (`Keep-Alive: timeout=65`), and clients close their idle sockets first.
 */
export const IDLE_CONNECTION_MS = 65_000;

/** Listens on 127.0.0.1 (port 0 = any free port) and closes without waiting for idle sockets. */
export function listen(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<unknown>,
  port: number,
  what: string,
): Promise<RunningServer> {
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) {
        sendJson(response, 500, {
          error: { code: 'local_cloud_error', message: `${what}: ${error.message}` },
        });
      } else response.end();
    });
  });
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  server.headersTimeout = IDLE_CONNECTION_MS + 1_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} (${what}) is taken: stop whatever uses it (lsof -i :${port}) or set another port`,
            )
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve(runningServerOf(server)));
  });
}
