/**
 * The shape of an outbox row, apart from the code that writes one: the relay reads rows and must
 * not pull the event registry (and zod) into its bundle.
 */
import { unpackDetails } from './packed-details';

export const OUTBOX_RECORD_TYPE = 'outbox';

/**
 * One event as a command builds it (`outboxRow`), its detail as plain JSON; and the form rows
 * were stored in before their details were packed, which every reader still reads (a row lives
 * 15 days, and a republish may reach back that far).
 */
export interface PlainOutboxRow {
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

/**
 * An outbox row as a command writes it: every event of its unit of work, packed in one Binary
 * attribute (`packDetails`), so a row of two events fits in one KB.
 */
export interface OutboxRow extends Omit<PlainOutboxRow, 'detail' | 'more_details'> {
  /** Every event's detail, in publishing order, packed (`packDetails`). */
  details: Uint8Array;
  /** The detail type of each event after the first (`detail_type`), where they differ. */
  more_detail_types?: string[];
}

/**
 * An outbox row as a reader finds it: either form; the packed details as bytes (the SDK) or as
 * base64 text (a stream record in a Lambda event).
 */
export type OutboxRowImage = Partial<Omit<OutboxRow, 'details'>> &
  Partial<Pick<PlainOutboxRow, 'detail' | 'more_details'>> & { details?: Uint8Array | string };

/** Every event detail a row carries, in the order they are published: the one decoder of rows. */
export const detailsOf = (row: OutboxRowImage): string[] => {
  if (row.details !== undefined) return unpackDetails(row.details);
  return row.detail === undefined ? [] : [row.detail, ...(row.more_details ?? [])];
};

/** Every event a row carries, with its own detail type, in the order they are published. */
export const typedDetailsOf = (
  row: OutboxRowImage,
): { detailType: string | undefined; detail: string }[] =>
  detailsOf(row).map((detail, index) => ({
    detailType:
      index === 0 ? row.detail_type : (row.more_detail_types?.[index - 1] ?? row.detail_type),
    detail,
  }));

/**
 * The most event bytes one row may carry, counted before packing: well inside DynamoDB's 400 KB
 * item, which limits the packed size. Deflate never grows text by more than 5 bytes per 64 KB
 * (it stores what it cannot shrink), so a row of this many bytes of events packs to under
 * 301 KB, always writable. Counted unpacked because the command can count that cheaply as it
 * adds events; the relay inflates about as much per row at most.
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
