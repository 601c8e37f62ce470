import type { Envelope } from '#events';
import { detailsOf } from '#shared/outbox/row';

/** One event of an outbox row, as a consumer would receive it. */
export interface RowEvent {
  source: string;
  detailType: string;
  envelope: Envelope<Record<string, unknown>>;
  /** The SQS body an EventBridge rule would deliver. */
  body: string;
}

/** Every event an outbox row carries (a reshuffle's row carries one per move), in order. */
export const eventsOfRow = (row: Record<string, unknown>): RowEvent[] =>
  detailsOf(row).map((text) => {
    const envelope = JSON.parse(text) as Envelope<Record<string, unknown>>;
    return {
      source: row.source as string,
      detailType: row.detail_type as string,
      envelope,
      body: JSON.stringify({
        source: row.source,
        'detail-type': row.detail_type,
        detail: envelope,
      }),
    };
  });
