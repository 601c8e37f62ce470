import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import type { DeadLetter, DeadLetterFilter } from './dead-letters';
import { readBody, sendJson } from './http-io';

/** What the gateway's `/_local/*` endpoints expose of the running cloud. */
export interface AdminApi {
  health(): unknown;
  listDeadLetters(filter: DeadLetterFilter): DeadLetter[];
  redrive(filter: DeadLetterFilter): DeadLetter[];
  homePage(): string;
}

export const redriveRequestSchema = z
  .object({ domain: z.string().min(1).optional(), id: z.string().min(1).optional() })
  .strict();

/**
 * `GET /_local/health`, `GET /_local/dlq[?domain=&id=]`, `POST /_local/dlq/redrive {domain?, id?}`:
 * what `npm run dlq` and system tests use to see and redrive dead letters.
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
      const text = (await readBody(request)).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return sendJson(response, 400, {
          error: { code: 'invalid_json', message: 'the body is not JSON' },
        });
      }
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
    default:
      return sendJson(response, 404, {
        error: {
          code: 'not_found',
          message: `no local admin endpoint ${route}; there are GET /_local/health, GET /_local/dlq, POST /_local/dlq/redrive`,
        },
      });
  }
}
