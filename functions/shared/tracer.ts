import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * X-Ray through Powertools Tracer. On where Lambda runs the function with active tracing (infra
 * turns it on for every function); off, every call below a no-op, where the environment says so:
 * `POWERTOOLS_TRACE_ENABLED=false` (the local cloud, which has no X-Ray daemon) or no Lambda
 * runtime at all (`AWS_EXECUTION_ENV` unset: tests, scripts).
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'ates' });

/** An AWS SDK v3 client whose every call is a subsegment of the invocation's trace. */
export const traced = <Client>(client: Client): Client => tracer.captureAWSv3Client(client);

/** X-Ray's annotation key: `annotation.correlation_id = "<id>"` finds a request's traces. */
export const CORRELATION_ANNOTATION = 'correlation_id';

/**
 * The handler traced as a whole: a subsegment per invocation with the cold start annotated and
 * an error recorded. Responses are not captured: they carry tokens and people's details. With
 * tracing off, the handler itself, unwrapped.
 */
export const tracedHandler = <Handler extends (event: never, context: Context) => Promise<unknown>>(
  handler: Handler,
): Handler =>
  tracer.isTracingEnabled()
    ? (middy(handler).use(
        captureLambdaHandler(tracer, { captureResponse: false }),
      ) as unknown as Handler)
    : handler;

/**
 * Runs one step (one event of a batch) in a subsegment of its own, annotated with the
 * correlation id of the request that caused it; the step's error is recorded there. Steps may
 * run at once (a batch's records that commit alone): the X-Ray SDK's `captureAsyncFunc` gives
 * each its own context (cls-hooked's `run`) with its subsegment current in it, as Powertools'
 * `captureMethod` does, so the SDK calls each step makes land in its own subsegment. Setting
 * the tracer's segment instead would be one slot, shared by the steps running at once.
 */
export async function inSubsegment<T>(
  name: string,
  correlationId: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!tracer.isTracingEnabled() || !tracer.getSegment()) return work();
  return tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    if (correlationId) subsegment?.addAnnotation(CORRELATION_ANNOTATION, correlationId);
    try {
      return await work();
    } catch (error) {
      subsegment?.addError(error as Error);
      throw error;
    } finally {
      subsegment?.close();
    }
  }) as Promise<T>;
}
