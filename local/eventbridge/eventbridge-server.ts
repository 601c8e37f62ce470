import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { BusEvent } from './local-bus';
import type { Faults } from '../faults/faults';
import { listen, readBody, sendJson } from '../cloud/http-io';

/** PutEvents takes at most 10 entries a call. */
const MAX_ENTRIES = 10;
/**
 * And at most 256 KB of entries a call, counted as AWS counts them ("Calculating Amazon
 * EventBridge PutEvents event entry size", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html):
 * the UTF-8 bytes of Source, DetailType, Detail and each resource, 14 bytes for a Time. Over
 * it, the whole call is refused and nothing is put.
 */
const MAX_REQUEST_BYTES = 256 * 1024;
const ACCOUNT = '000000000000';

const entrySchema = z.object({
  Source: z.string().min(1),
  DetailType: z.string().min(1),
  Detail: z.string().min(1),
  EventBusName: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  Time: z.union([z.number(), z.string()]).optional(),
});

const requestSchema = z.object({ Entries: z.array(z.unknown()).min(1) });

export interface EventBridgeServerOptions {
  port: number;
  region: string;
  busName: string;
  publish: (event: BusEvent) => void;
  /** Injected PutEvents failures (whole calls, single entries); none without it. */
  faults?: Faults;
}

/**
 * Answers the real `@aws-sdk/client-eventbridge` PutEvents (AWS JSON 1.1: `POST /` with
 * `X-Amz-Target: AWSEvents.PutEvents`). Every valid entry becomes an EventBridge event on the
 * local bus; an invalid entry fails alone, as in AWS, and the relay retries what failed.
 */
export function startEventBridgeServer(options: EventBridgeServerOptions) {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      return awsError(
        response,
        'UnknownOperationException',
        `the local bus answers only PutEvents, not ${target ?? `${request.method} ${request.url}`}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(request)).toString('utf8'));
    } catch {
      return awsError(response, 'SerializationException', 'the request body is not JSON');
    }
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) {
      return awsError(response, 'ValidationException', 'Entries must hold at least one entry');
    }
    if (parsed.data.Entries.length > MAX_ENTRIES) {
      return awsError(
        response,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
      );
    }
    const bytes = requestSize(parsed.data.Entries);
    if (bytes > MAX_REQUEST_BYTES) {
      return awsError(
        response,
        'ValidationException',
        `Total size of the entries in the request is over the limit. (${bytes} bytes; at most ${MAX_REQUEST_BYTES})`,
      );
    }
    const { faults } = options;
    if (faults?.chance(faults.options.putEventsCallFailure, 'putEventsCallFailure')) {
      faults.stats.putEventsCallsFailed += 1;
      return awsError(response, 'InternalFailure', 'injected fault: the whole call failed', 500);
    }
    // Throttled: the whole call (the SDK retries it), or one entry (the caller must).
    let throttledEntry = -1;
    if (faults?.chance(faults.options.putEventsThrottle, 'putEventsThrottle')) {
      if (faults.random() < 0.5) {
        faults.stats.putEventsCallsThrottled += 1;
        return awsError(response, 'ThrottlingException', 'Rate exceeded', 400);
      }
      throttledEntry = Math.floor(faults.random() * parsed.data.Entries.length);
    }
    const results = parsed.data.Entries.map((entry, index) => {
      if (index === throttledEntry) {
        faults!.stats.putEventsEntriesThrottled += 1;
        return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
      }
      if (faults?.chance(faults.options.putEventsEntryFailure, 'putEventsEntryFailure')) {
        faults.stats.putEventsEntriesFailed += 1;
        return { ErrorCode: 'InternalFailure', ErrorMessage: 'injected fault: entry not put' };
      }
      return putEntry(entry, options);
    });
    sendJson(
      response,
      200,
      { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results },
      { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    );
  };
  return listen(handle, options.port, 'local EventBridge');
}

/**
 * The entries' size by AWS's rule, written here from AWS's documentation rather than taken from
 * the relay's own count (functions/shared/outbox/row.ts), so the local bus checks the relay
 * instead of agreeing with it.
 */
function requestSize(entries: readonly unknown[]): number {
  const bytes = (value: unknown) =>
    typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
  return entries.reduce<number>((sum, raw) => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const resources = Array.isArray(entry.Resources) ? entry.Resources : [];
    return (
      sum +
      (entry.Time === undefined ? 0 : 14) +
      bytes(entry.Source) +
      bytes(entry.DetailType) +
      bytes(entry.Detail) +
      resources.reduce<number>((total, resource) => total + bytes(resource), 0)
    );
  }, 0);
}

function putEntry(raw: unknown, options: EventBridgeServerOptions) {
  const entry = entrySchema.safeParse(raw);
  if (!entry.success) {
    return {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Source, DetailType and Detail are required',
    };
  }
  const { Source, DetailType, Detail, EventBusName, Resources, Time } = entry.data;
  if (
    EventBusName &&
    EventBusName !== options.busName &&
    !EventBusName.endsWith(`/${options.busName}`)
  ) {
    return {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `event bus ${EventBusName} does not exist locally (the local bus is ${options.busName})`,
    };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(Detail);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object' };
  }
  const event: BusEvent = {
    version: '0',
    id: randomUUID(),
    source: Source,
    'detail-type': DetailType,
    account: ACCOUNT,
    time: eventTime(Time),
    region: options.region,
    resources: Resources ?? [],
    detail,
  };
  options.publish(event);
  return { EventId: event.id };
}

/** EventBridge stamps events to the second: `2026-01-02T03:04:05Z`. The SDK sends epoch seconds. */
function eventTime(time: number | string | undefined): string {
  const date =
    time === undefined ? new Date() : new Date(typeof time === 'number' ? time * 1000 : time);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function awsError(response: ServerResponse, type: string, message: string, status = 400) {
  sendJson(
    response,
    status,
    { __type: type, message },
    { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
  );
}
