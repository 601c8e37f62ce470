import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callRoute } from '../../../test/support/http-event';
import { handler as jwksHandler } from '../handlers/jwks';
import { authService } from '../service';

/**
 * Serves Auth's real JWKS route over HTTP and points ATES_JWKS_URL at it, so tokens issued by
 * the login handler are verified by the shared verifier exactly as in every other domain.
 * Start it before the file's first signed-in request: the verifier reads the URL once.
 */
export async function serveAuthJwks() {
  const server: Server = createServer((_req, res) => {
    callRoute(jwksHandler, authService.routes.jwks).then(
      ({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      (error: Error) => {
        res.writeHead(500);
        res.end(error.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.ATES_JWKS_URL = `http://127.0.0.1:${port}${authService.routes.jwks.path}`;
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
