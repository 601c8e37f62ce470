import type { TransactItem } from '#shared/dynamo';
import { outboxPut } from '#shared/outbox/outbox';
import type { PendingEvent } from '../domain/events';

/** The outbox rows for a command's events, to go into the same transaction as its change. */
export const outboxItems = (tableName: string, events: readonly PendingEvent[]): TransactItem[] =>
  events.map((event) =>
    outboxPut(tableName, event.contract, event.data, {
      correlationId: event.correlationId,
      now: event.time,
    }),
  );
