import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import type { DataOf, EventContract } from '#events';
import { outboxRow } from '#shared/outbox/outbox';

/** One event as its producer would publish it: a real envelope, validated by the registry. */
export interface PublishedEvent {
  source: string;
  detailType: string;
  /** The serialized `{ metadata, data }` envelope. */
  detail: string;
}

export function published<C extends EventContract>(
  contract: C,
  data: DataOf<C>,
  at: Date,
): PublishedEvent {
  const row = outboxRow(contract, data, {
    correlationId: `analytics-test-${randomUUID()}`,
    now: at,
  });
  return { source: row.source, detailType: row.detail_type, detail: row.detail };
}

/** The SQS message body an EventBridge rule delivers for one event. */
export const busMessageOf = (event: PublishedEvent): string =>
  JSON.stringify({
    id: randomUUID(),
    source: event.source,
    'detail-type': event.detailType,
    detail: JSON.parse(event.detail),
  });

export const sqsEventOf = (bodies: readonly string[]): SQSEvent => ({
  Records: bodies.map(
    (body, i) => ({ messageId: `m${i}-${randomUUID()}`, body }) as SQSEvent['Records'][number],
  ),
});

/** Fisher–Yates with a seeded generator, so a failing order can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
