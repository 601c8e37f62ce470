import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import type { DeadLetter, DeadLetterFilter } from '../sqs/dead-letters';
import type { MetricsView } from '../metrics/board';
import { metricsPage } from '../metrics/page';
import type { FunctionLogLine } from '../lambda/function-logs';
import { describeIssues } from '#shared/validation';
import { readBody, sendJson } from './http-io';

/** What the gateway's `/_local/*` endpoints expose of the running cloud. */
export interface AdminApi {
  health(): unknown;
  listDeadLetters(filter: DeadLetterFilter): DeadLetter[];
  redrive(filter: DeadLetterFilter): DeadLetter[];
  /** The business clock (local/clock/business-clock.ts). */
  clock(): { now: string };
  advanceClock(ms: number): { now: string };
  homePage(): string;
  /** What the functions' EMF lines added up to (local/metrics). */
  metrics(): MetricsView;
  /** What the functions logged, oldest first (local/function-logs.ts). */
  logs(filter: { correlationId?: string; function?: string }): FunctionLogLine[];
}

export const redriveRequestSchema = z
  .object({ domain: z.string().min(1).optional(), id: z.string().min(1).optional() })
  .strict();

/** One move at most a leap year forward: enough to end any day, week or month. */
export const MAX_ADVANCE_MS = 366 * 24 * 60 * 60 * 1000;

export const advanceClockSchema = z.strictObject({
  advance_ms: z
    .number('must be a number of milliseconds')
    .int('must be a whole number of milliseconds')
    .positive('must be positive: the clock never goes back')
    .max(MAX_ADVANCE_MS, `must be at most ${MAX_ADVANCE_MS} (366 days)`),
});

const ENDPOINTS =
  'GET /_local/health, GET /_local/dlq, POST /_local/dlq/redrive, GET /_local/clock, POST /_local/clock, GET /_local/metrics, GET /_local/metrics/page, GET /_local/logs';

/** The body as JSON (an empty body is `{}`), or undefined when it is not JSON. */
async function jsonBodyOf(request: IncomingMessage): Promise<{ body?: unknown }> {
  const text = (await readBody(request)).toString('utf8');
  try {
    return { body: text ? JSON.parse(text) : {} };
  } catch {
    return {};
  }
}

const notJson = (response: ServerResponse) =>
  sendJson(response, 400, { error: { code: 'invalid_json', message: 'the body is not JSON' } });

/**
 * `GET /_local/health`, `GET /_local/dlq[?domain=&id=]`, `POST /_local/dlq/redrive {domain?, id?}`:
 * what `npm run dlq` and system tests use to see and redrive dead letters. `GET /_local/clock`
 * → `{now}`, `POST /_local/clock {advance_ms}` → `{now}`: the business clock, read and moved forward.
 */
export async function handleAdmin(
  admin: AdminApi,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) {
  const route = `${request.method} ${url.pathname.replace(/\/$/, '')}`;
  switch (route) {
    case 'GET /_local/health':
      return sendJson(response, 200, admin.health());
    case 'GET /_local/dlq': {
      const filter = {
        domain: url.searchParams.get('domain') ?? undefined,
        id: url.searchParams.get('id') ?? undefined,
      };
      return sendJson(response, 200, { deadLetters: admin.listDeadLetters(filter) });
    }
    case 'POST /_local/dlq/redrive': {
      const { body } = await jsonBodyOf(request);
      if (body === undefined) return notJson(response);
      const filter = redriveRequestSchema.safeParse(body);
      if (!filter.success) {
        return sendJson(response, 400, {
          error: { code: 'validation_failed', message: 'send {"domain"?: string, "id"?: string}' },
        });
      }
      const redriven = admin.redrive(filter.data);
      return sendJson(response, 200, {
        redriven: redriven.map(({ id, domain }) => ({ id, domain })),
      });
    }
    case 'GET /_local/clock':
      return sendJson(response, 200, admin.clock());
    case 'GET /_local/logs': {
      const lines = admin.logs({
        correlationId: url.searchParams.get('correlation_id') ?? undefined,
        function: url.searchParams.get('function') ?? undefined,
      });
      return sendJson(response, 200, { lines });
    }
    case 'GET /_local/metrics':
      return sendJson(response, 200, admin.metrics());
    case 'GET /_local/metrics/page':
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(metricsPage(admin.metrics()));
    case 'POST /_local/clock': {
      const { body } = await jsonBodyOf(request);
      if (body === undefined) return notJson(response);
      const move = advanceClockSchema.safeParse(body);
      if (!move.success) {
        return sendJson(response, 400, {
          error: {
            code: 'validation_failed',
            message: `send {"advance_ms": <positive integer>}: ${describeIssues(move.error)}`,
          },
        });
      }
      return sendJson(response, 200, admin.advanceClock(move.data.advance_ms));
    }
    default:
      return sendJson(response, 404, {
        error: {
          code: 'not_found',
          message: `no local admin endpoint ${route}; there are ${ENDPOINTS}`,
        },
      });
  }
}
