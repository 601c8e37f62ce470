import type { Envelope } from '#events';
import { typedDetailsOf } from '#shared/outbox/row';

/** One event of an outbox row, as a consumer would receive it. */
export interface RowEvent {
  source: string;
  detailType: string;
  envelope: Envelope<Record<string, unknown>>;
  /** The SQS body an EventBridge rule would deliver. */
  body: string;
}

/** Every event an outbox row carries (a unit of work's row carries each it published), in order. */
export const eventsOfRow = (row: Record<string, unknown>): RowEvent[] =>
  typedDetailsOf(row).map(({ detailType, detail }) => {
    const envelope = JSON.parse(detail) as Envelope<Record<string, unknown>>;
    return {
      source: row.source as string,
      detailType: detailType!,
      envelope,
      body: JSON.stringify({ source: row.source, 'detail-type': detailType, detail: envelope }),
    };
  });
