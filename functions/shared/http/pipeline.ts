// Long because it is the one HTTP pipeline: parsing, validation, the error shape, AWS's load mapped to statuses.
/**
 * The part of every HTTP route that does not depend on how the caller is checked: correlation
 * id, logging, JSON parsing, zod validation of body, query and path, one error shape. The token
 * check is handed in, so a public route's bundle carries no token verifier (`public-handler.ts`)
 * and every other route gets the full check (`handler.ts`).
 */
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import * as z from '#events/zod';
import type { Caller } from '../auth/caller';
import { domainOfHandler, type Access, type RouteDeclaration } from '../declaration';
import { isTransactionConflict, isTransactionThrottled } from '../dynamo';
import { CommitConflict } from '../unit-of-work/commit-errors';
import { logger } from '../logger';
import { CORRELATION_ANNOTATION, tracer } from '../tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { METRIC } from '../metrics/catalog';
import { recordMetric, recordRefusal, withMetrics } from '../metrics/metrics';
import { Refusal, type RefusalCategory } from '../refusal';
import { withinInvocation } from '../time/invocation-budget';
import { describeIssues, fieldErrorsOf, type FieldError } from '../validation';
import { badRequest, HttpError } from './errors';

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
  body?: z.ZodMiniType<Body>;
  query?: z.ZodMiniType<Query>;
  params?: z.ZodMiniType<Params>;
}

export type CallerFor<A extends Access> = A extends 'public' ? undefined : Caller;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Result => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; fields: FieldError[] };

function parseInput<T>(
  schema: z.ZodMiniType<T> | undefined,
  value: unknown,
  part: string,
): Parsed<T> {
  if (!schema) return { ok: true, value: undefined as T };
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    message: `invalid ${part}: ${describeIssues(result.error)}`,
    fields: fieldErrorsOf(result.error, part),
  };
}

/**
 * Body, query and path are all checked before refusing, so one 400 names every invalid field
 * (`error.fields`) and a form can mark them all at once.
 */
function parseRequest<Body, Query, Params>(
  schemas: RequestSchemas<Body, Query, Params>,
  event: Event,
): { body: Body; query: Query; params: Params } {
  const body = parseInput(schemas.body, parseJsonBody(event), 'body');
  const query = parseInput(schemas.query, event.queryStringParameters ?? {}, 'query');
  const params = parseInput(schemas.params, event.pathParameters ?? {}, 'path');
  if (body.ok && query.ok && params.ok)
    return { body: body.value, query: query.value, params: params.value };
  const failed = [body, query, params].filter((part) => !part.ok);
  throw badRequest(
    failed.map((part) => part.message).join('; '),
    'validation_failed',
    failed.flatMap((part) => part.fields),
  );
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

/**
 * An AWS service shedding load (DynamoDB's throttling, SES's send rate): the caller is told to
 * slow down with the status API Gateway's own throttle answers, 429, once the retries the
 * invocation had time for are spent (BudgetedRetryStrategy).
 */
const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** middy's name for the error it raises just before the invocation's deadline. */
const TIMED_OUT = 'TimeoutError';

/**
 * How long before Lambda's deadline middy gives up on the use case, so the 503 below still
 * reaches the caller (middy's default, 5 ms, leaves too little to log and answer).
 */
const TIMEOUT_EARLY_MS = 250;

const retryAfterOneSecond = { 'retry-after': '1' };

/** A domain's refusal, or AWS's load, as the HTTP error it means; anything else is left as it is. */
function asHttpError(error: unknown): unknown {
  if (
    (error instanceof Error && THROTTLING_ERRORS.has(error.name)) ||
    isTransactionThrottled(error)
  ) {
    logger.warn('throttled', { error });
    return new HttpError(
      429,
      'too_many_requests',
      'too many requests at once; try again in a moment',
      retryAfterOneSecond,
    );
  }
  // A conflict still there after commit()'s retries is load on one item, not a fault: retry.
  if (isTransactionConflict(error) || error instanceof CommitConflict) {
    logger.warn('overloaded', { error });
    return new HttpError(
      503,
      'busy',
      'too many changes to the same data at once; try again in a moment',
      retryAfterOneSecond,
    );
  }
  // Out of time, most often waiting on a throttled dependency: the work may or may not have
  // landed, and a retry in a moment is the caller's move; a 500 would call it our bug.
  if (error instanceof Error && error.name === TIMED_OUT) {
    logger.warn('timed out', { error });
    return new HttpError(
      503,
      'timed_out',
      'the request ran out of time; try again in a moment',
      retryAfterOneSecond,
    );
  }
  if (!(error instanceof Refusal)) return error;
  const headers: Record<string, string> =
    error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  return new HttpError(STATUS_OF[error.category], error.code, error.message, headers);
}

/** Every error leaves as `{ error: { code, message } }`; only our own faults are 500s. */
const jsonErrors = (isCommand: boolean): MiddlewareObj<Event, Result> => ({
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
      if (isCommand && error.status < 500) recordRefusal(error.code);
      request.response = json(
        error.status,
        {
          error: {
            code: error.code,
            message: error.message,
            ...(error.fields ? { fields: error.fields } : {}),
          },
        },
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

/** How a route learns who calls it (undefined for a public route); throws an HttpError to refuse. */
export type Authorize = (event: Event) => Promise<Caller | undefined>;

/** The use case wrapped in the pipeline above, behind the given caller check. */
export function routeHandler<
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
  authorize: Authorize,
) {
  /** A route that changes something: what it accepts and refuses is counted (metrics). */
  const isCommand = route.method !== 'GET';
  const base = async (event: Event, _context: Context): Promise<Result> => {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlation_id: correlationId, route: `${route.method} ${route.path}` });
    tracer.putAnnotation(CORRELATION_ANNOTATION, correlationId);
    const caller = await authorize(event);
    const request = {
      ...parseRequest(schemas, event),
      caller: caller as CallerFor<R['access']>,
      correlationId,
      headers: event.headers,
    };
    const response = await useCase(request);
    if (isCommand && response.status < 300) recordMetric(METRIC.commandsAccepted);
    // One line per answered request, so its correlation id finds the route's log too.
    logger.info('request handled', { status: response.status });
    return json(response.status, response.body, {
      'x-correlation-id': correlationId,
      ...response.headers,
    });
  };
  const handler = middy<Event, Result>(base, { timeoutEarlyInMillis: TIMEOUT_EARLY_MS })
    // Responses are not captured in the trace: they carry tokens and people's details.
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(jsonErrors(isCommand));
  const domain = domainOfHandler(route.handler);
  // Outside middy, so what the error handler records is in the invocation's metrics too.
  return (event: Event, context: Context) =>
    withMetrics(domain, context?.functionName ?? route.handler, () =>
      // The deadline is known to every retry the use case makes (invocation-budget.ts).
      withinInvocation(context, () => handler(event, context)),
    );
}
