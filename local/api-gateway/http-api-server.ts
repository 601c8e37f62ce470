import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiEventOf, writeApiResult } from './api-event';
import { realNow } from '../clock/business-clock';
import { handleAdmin, type AdminApi } from '../cloud/admin-api';
import { HandlerUnavailableError, type HandlerLoader } from '../lambda/handler-loader';
import { BodyTooLargeError, listen, readBody, sendJson } from '../cloud/http-io';
import type { CloudLog } from '../cloud/log';
import type { FunctionLogs } from '../lambda/function-logs';
import type { RouteTable } from './route-table';
import { serveStatic } from '../cloudfront/static-files';

export interface GatewayOptions {
  port: number;
  routes: RouteTable;
  handlers: HandlerLoader;
  /** Where the dashboards are served from, when they exist. */
  webRoot?: string;
  admin: AdminApi;
  log: CloudLog;
  /** False while the cloud starts: every request then answers 503 with Retry-After. */
  isReady?: () => boolean;
  /** The functions' logs, and who is shown what a function logged before a route answered 5xx. */
  serverErrors?: { logs: FunctionLogs; report: (report: string) => void };
}

/** API Gateway's own answers: a bare `{"message": …}`, never a handler's error text. */
const AWS_ANSWERS = {
  400: 'Bad Request',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
} as const;
const awsAnswer = (response: ServerResponse, status: keyof typeof AWS_ANSWERS) =>
  sendJson(response, status, { message: AWS_ANSWERS[status] });

/** An HTTP API refuses a request body over 10 MB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The local API Gateway: each request to a declared route becomes an HTTP API v2 event for that
 * route's handler, and what the HTTP API answers on its own (no route, a handler that threw, a
 * malformed escape, a body over 10 MB) is answered in its words. `/_local/*` is the local
 * cloud's own admin API; other GETs are the dashboards.
 */
export function startGateway(options: GatewayOptions) {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const started = realNow();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    response.on('finish', () => {
      if (!url.pathname.startsWith('/_local/')) {
        options.log.info(
          `${method} ${url.pathname} ${response.statusCode} ${realNow() - started}ms`,
        );
      }
    });

    if (options.isReady && !options.isReady()) {
      return sendJson(
        response,
        503,
        {
          error: {
            code: 'starting',
            message: 'the local cloud is still starting (tables, keys, demo data); try again',
          },
        },
        { 'retry-after': '1' },
      );
    }
    if (url.pathname.startsWith('/_local/'))
      return handleAdmin(options.admin, request, response, url);
    if (!isWellEscaped(url.pathname) || !isWellEscaped(url.search)) return awsAnswer(response, 400);

    const found = options.routes.lookup(method, url.pathname);
    if (found.kind === 'found') {
      let body: Buffer;
      try {
        body = await readBody(request, MAX_BODY_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return awsAnswer(response, 413);
      }
      const event = apiEventOf(request, url, body, found.route, found.pathParameters);
      const { domain, name, route } = found.route;
      const invoke = () => options.handlers.invoke(route.handler, { domain, name }, event);
      const outcome = options.serverErrors
        ? await options.serverErrors.logs.collecting(invoke)
        : await invoke().then(
            (value) => ({ value, lines: [] }),
            (error: unknown) => ({ error, lines: [] }),
          );
      const status = 'value' in outcome ? statusOf(outcome.value) : 500;
      // What Lambda's runtime logs of a handler that threw, as CloudWatch would show it.
      const cause =
        'value' in outcome
          ? undefined
          : outcome.error instanceof HandlerUnavailableError
            ? outcome.error.message
            : (outcome.error as Error).stack;
      if (status >= 500) {
        options.serverErrors?.report(
          [
            `${method} ${url.pathname} answered ${status}; the ${domain} ${name} function logged:`,
            ...outcome.lines.map((line) => `  ${line.text}`),
            ...(cause ? [`  and threw: ${cause}`] : []),
          ].join('\n'),
        );
      }
      if ('value' in outcome) return writeApiResult(response, outcome.value);
      // The caller sees what API Gateway shows; the cause goes to the log, as to CloudWatch.
      options.log.warn(
        `${route.method} ${route.path}: the ${domain} ${name} handler failed: ${cause}`,
      );
      return awsAnswer(response, 500);
    }
    if (found.kind === 'none' && (method === 'GET' || method === 'HEAD') && options.webRoot) {
      if (await serveStatic(options.webRoot, url.pathname, response, method === 'HEAD')) return;
    }
    if (found.kind === 'none' && method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(options.admin.homePage());
    }
    // No route for this method and path, whether or not the path has other methods.
    awsAnswer(response, 404);
  };
  return listen(handle, options.port, 'gateway');
}

/** The status a handler's result answers with (API Gateway's default is 200). */
const statusOf = (result: unknown) =>
  typeof result === 'object' && result !== null && 'statusCode' in result
    ? Number((result as { statusCode: unknown }).statusCode)
    : 200;

/** Every `%` starts a two-digit escape and the escapes decode to UTF-8. */
function isWellEscaped(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
