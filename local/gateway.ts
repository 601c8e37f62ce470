import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiEventOf, writeApiResult } from './api-event';
import { handleAdmin, type AdminApi } from './admin-api';
import { HandlerUnavailableError, type HandlerLoader } from './handlers';
import { listen, readBody, sendJson } from './http-io';
import type { CloudLog } from './log';
import type { RouteTable } from './route-table';
import { serveStatic } from './static-files';

export interface GatewayOptions {
  port: number;
  routes: RouteTable;
  handlers: HandlerLoader;
  /** Where the dashboards are served from, when they exist. */
  webRoot?: string;
  admin: AdminApi;
  log: CloudLog;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * The local API Gateway: each request to a declared route becomes an HTTP API v2 event for that
 * route's handler. `/_local/*` is the local cloud's own admin API; other GETs are the dashboards.
 */
export function startGateway(options: GatewayOptions) {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const started = Date.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    response.on('finish', () => {
      if (!url.pathname.startsWith('/_local/')) {
        options.log.info(
          `${method} ${url.pathname} ${response.statusCode} ${Date.now() - started}ms`,
        );
      }
    });

    if (url.pathname.startsWith('/_local/'))
      return handleAdmin(options.admin, request, response, url);

    const found = options.routes.lookup(method, url.pathname);
    if (found.kind === 'found') {
      const body = await readBody(request);
      const event = apiEventOf(request, url, body, found.route, found.pathParameters);
      const { domain, name, route } = found.route;
      let result: unknown;
      try {
        result = await options.handlers.invoke(route.handler, `ates-${domain}-${name}`, event);
      } catch (error) {
        if (error instanceof HandlerUnavailableError) {
          return sendJson(response, 502, errorBody(error.code, error.message));
        }
        options.log.warn(
          `${route.method} ${route.path}: the handler threw: ${(error as Error).stack}`,
        );
        return sendJson(
          response,
          500,
          errorBody(
            'internal_error',
            `the ${domain} ${name} handler threw: ${(error as Error).message}`,
          ),
        );
      }
      return writeApiResult(response, result);
    }
    if (found.kind === 'wrong-method') {
      return sendJson(
        response,
        405,
        errorBody(
          'method_not_allowed',
          `${method} is not allowed on ${url.pathname}; use ${found.allowed.join(' or ')}`,
        ),
        { allow: found.allowed.join(', ') },
      );
    }
    if ((method === 'GET' || method === 'HEAD') && options.webRoot) {
      if (await serveStatic(options.webRoot, url.pathname, response, method === 'HEAD')) return;
    }
    if (method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(options.admin.homePage());
    }
    sendJson(response, 404, errorBody('not_found', `no route for ${method} ${url.pathname}`));
  };
  return listen(handle, options.port, 'gateway');
}
