import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import * as z from 'zod';
import type { Caller } from '../auth/caller';
import { isRevoked, type CurrentCallers } from '../auth/current-callers';
import { TOKEN_REFUSED, verifyBearer } from '../auth/verify-token';
import type { Access, RouteDeclaration } from '../declaration';
import { isTransactionConflict } from '../dynamo';
import { logger } from '../logger';
import { Refusal, type RefusalCategory } from '../refusal';
import { describeIssues } from '../validation';
import { badRequest, forbidden, HttpError, unauthorized } from './errors';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

export interface HttpRequest<Body, Query, Params, C> {
  body: Body;
  query: Query;
  params: Params;
  caller: C;
  correlationId: string;
  headers: Record<string, string | undefined>;
}

export interface HttpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestSchemas<Body, Query, Params> {
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  params?: z.ZodType<Params>;
}

type CallerFor<A extends Access> = A extends 'public' ? undefined : Caller;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Result => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, part: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success)
    throw badRequest(`invalid ${part}: ${describeIssues(result.error)}`, 'validation_failed');
  return result.data;
}

function parseJsonBody(event: Event): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('the request body is not valid JSON', 'invalid_json');
  }
}

/**
 * What a domain adds to every route of its own: `callers`, the domain's view of each user now
 * (its user replica; Auth's own user table), so a token whose user has since been deactivated
 * or given another role is refused as soon as the change has reached the domain.
 */
export interface DomainHttpOptions {
  callers?: () => CurrentCallers;
}

async function authorize(
  access: Access,
  event: Event,
  options: DomainHttpOptions,
): Promise<Caller | undefined> {
  if (access === 'public') return undefined;
  const caller = await verifyBearer(event.headers.authorization);
  if (options.callers) {
    const state = await options.callers().callerState(caller.id);
    if (isRevoked(caller, state)) {
      logger.info('token refused', { reason: 'revoked', user_id: caller.id, state });
      throw unauthorized(TOKEN_REFUSED, 'token_revoked');
    }
  }
  if (access !== 'signed-in' && !access.includes(caller.role)) {
    throw forbidden(`this needs the role ${access.join(' or ')}; you are ${caller.role}`);
  }
  return caller;
}

/**
 * The caller's correlation id is copied into every event the request causes, so only a short
 * plain one is kept (what our own ids and AWS request ids look like); anything else is replaced
 * by a fresh id rather than refused, since tracing is a courtesy, not part of the request.
 */
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Chosen once per request, so the error path answers with the id the events carry. */
const chosenIds = new WeakMap<Event, string>();

function correlationIdOf(event: Event): string {
  let id = chosenIds.get(event);
  if (id) return id;
  const candidates = [event.headers['x-correlation-id'], event.requestContext?.requestId];
  id = candidates.find((given) => given !== undefined && CORRELATION_ID.test(given));
  id ??= crypto.randomUUID();
  chosenIds.set(event, id);
  return id;
}

const STATUS_OF: Record<RefusalCategory, number> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** DynamoDB (or another AWS service) shedding load: the request may simply be retried. */
const OVERLOAD_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** A domain's refusal as the HTTP error it means; anything else is left as it is. */
function asHttpError(error: unknown): unknown {
  // A conflict still there after commit()'s retries is load on one item, not a fault: retry.
  if ((error instanceof Error && OVERLOAD_ERRORS.has(error.name)) || isTransactionConflict(error)) {
    logger.warn('overloaded', { error });
    return new HttpError(503, 'busy', 'too many requests at once; try again in a moment', {
      'retry-after': '1',
    });
  }
  if (!(error instanceof Refusal)) return error;
  const headers: Record<string, string> =
    error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  return new HttpError(STATUS_OF[error.category], error.code, error.message, headers);
}

/** Every error leaves as `{ error: { code, message } }`; only our own faults are 500s. */
const jsonErrors = (): MiddlewareObj<Event, Result> => ({
  onError: async (request) => {
    const error = asHttpError(request.error);
    const correlationId = correlationIdOf(request.event);
    if (error instanceof HttpError) {
      // `message` is the log line's own key in Powertools; the refusal's text goes as `reason`.
      logger.info('request refused', {
        status: error.status,
        code: error.code,
        reason: error.message,
      });
      request.response = json(
        error.status,
        { error: { code: error.code, message: error.message } },
        { ...error.headers, 'x-correlation-id': correlationId },
      );
      return;
    }
    logger.error('request failed', { error: error as Error });
    request.response = json(
      500,
      {
        error: {
          code: 'internal_error',
          message: `something went wrong on our side; quote correlation id ${correlationId}`,
        },
      },
      { 'x-correlation-id': correlationId },
    );
  },
});

/**
 * Wraps a route's use case: logging with a correlation id, token and role check from the
 * route's declaration (and, with `options.callers`, the check that the token was not revoked
 * since), JSON parsing and zod validation of body, query and path, one error shape.
 */
export function httpHandler<
  R extends RouteDeclaration,
  Body = undefined,
  Query = undefined,
  Params = undefined,
>(
  route: R,
  schemas: RequestSchemas<Body, Query, Params>,
  useCase: (
    request: HttpRequest<Body, Query, Params, CallerFor<R['access']>>,
  ) => Promise<HttpResponse>,
  options: DomainHttpOptions = {},
) {
  const base = async (event: Event, _context: Context): Promise<Result> => {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlation_id: correlationId, route: `${route.method} ${route.path}` });
    const caller = await authorize(route.access, event, options);
    const request = {
      body: parseInput(schemas.body, parseJsonBody(event), 'body'),
      query: parseInput(schemas.query, event.queryStringParameters ?? {}, 'query'),
      params: parseInput(schemas.params, event.pathParameters ?? {}, 'path'),
      caller: caller as CallerFor<R['access']>,
      correlationId,
      headers: event.headers,
    };
    const response = await useCase(request);
    return json(response.status, response.body, {
      'x-correlation-id': correlationId,
      ...response.headers,
    });
  };
  return middy<Event, Result>(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(jsonErrors());
}

/**
 * `httpHandler` with a domain's options bound, so a domain wires revocation once, in its
 * wiring.ts, and its handlers use the result in place of `httpHandler`:
 *
 *     export const taskerHttpHandler = domainHttpHandler({ callers: () => taskerDeps().users });
 */
export const domainHttpHandler =
  (options: DomainHttpOptions) =>
  <R extends RouteDeclaration, Body = undefined, Query = undefined, Params = undefined>(
    route: R,
    schemas: RequestSchemas<Body, Query, Params>,
    useCase: (
      request: HttpRequest<Body, Query, Params, CallerFor<R['access']>>,
    ) => Promise<HttpResponse>,
  ) =>
    httpHandler(route, schemas, useCase, options);
