/**
 * The shape of an outbox row, apart from the code that writes one: the relay reads rows and must
 * not pull the event registry (and zod) into its bundle.
 */
export const OUTBOX_RECORD_TYPE = 'outbox';

export interface OutboxRow {
  pk: string;
  sk: string;
  record_type: typeof OUTBOX_RECORD_TYPE;
  source: string;
  detail_type: string;
  /** The serialized `{ metadata, data }` envelope, published as the event's detail. */
  detail: string;
  /**
   * Further events of the same source, in a row written for a unit of work that publishes more
   * than one (a reshuffle's moves, a task created and assigned): each is published as an event
   * of its own, after `detail`.
   */
  more_details?: string[];
  /**
   * The detail type of each of `more_details`, where a row mixes events of several types; a row
   * without it carries events of `detail_type` only.
   */
  more_detail_types?: string[];
  created_at: string;
  expires_at: number;
}

/** Every event detail a row carries, in the order they are published. */
export const detailsOf = (row: Partial<OutboxRow>): string[] =>
  row.detail === undefined ? [] : [row.detail, ...(row.more_details ?? [])];

/** Every event a row carries, with its own detail type, in the order they are published. */
export const typedDetailsOf = (
  row: Partial<OutboxRow>,
): { detailType: string | undefined; detail: string }[] =>
  detailsOf(row).map((detail, index) => ({
    detailType:
      index === 0 ? row.detail_type : (row.more_detail_types?.[index - 1] ?? row.detail_type),
    detail,
  }));

/**
 * The most event bytes one row may carry: well inside DynamoDB's 400 KB item, so a batch row is
 * always writable, and a batch that would not fit is refused by the command that builds it.
 */
export const MAX_ROW_EVENT_BYTES = 300 * 1024;

/** One PutEvents call carries at most 256 KB (AWS's limit on the whole request). */
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/**
 * The largest event a command may write. Below the call limit with room to spare, so every
 * event can always be published, alone in a call if need be; a bigger one is refused by the
 * command that writes it, not discovered by the relay after the command succeeded.
 */
export const MAX_EVENT_BYTES = 200 * 1024;

export const utf8Bytes = (text: string | undefined) => (text ? Buffer.byteLength(text, 'utf8') : 0);

/**
 * An entry's size as EventBridge counts it against the 256 KB of a call: the UTF-8 bytes of
 * Source, DetailType, Detail and each resource, 14 bytes for an explicit Time. The bus name is
 * counted too, which AWS does not: a few bytes of margin rather than a refused call.
 */
export function entrySize(entry: {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: Date;
}): number {
  return (
    (entry.Time ? 14 : 0) +
    utf8Bytes(entry.Source) +
    utf8Bytes(entry.DetailType) +
    utf8Bytes(entry.Detail) +
    utf8Bytes(entry.EventBusName) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + utf8Bytes(resource), 0)
  );
}

export class EventTooLargeError extends Error {
  constructor(
    readonly eventName: string,
    readonly bytes: number,
  ) {
    super(
      `${eventName} is ${bytes} bytes; an event may be at most ${MAX_EVENT_BYTES} bytes (EventBridge takes 256 KB a call)`,
    );
    this.name = 'EventTooLargeError';
  }
}
