import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import type { DataOf, EventContract, Role } from '#events';
import { outboxRow } from '#shared/outbox/outbox';

/** The SQS message body an EventBridge rule would deliver for one event. */
export function busMessageOf<C extends EventContract>(contract: C, data: DataOf<C>): string {
  const row = outboxRow(contract, data, { correlationId: `test-${randomUUID()}` });
  return JSON.stringify({
    id: randomUUID(),
    source: row.source,
    'detail-type': row.detail_type,
    detail: JSON.parse(row.detail),
  });
}

export const sqsEventOf = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map(
    (body, i) => ({ messageId: `m${i}-${randomUUID()}`, body }) as SQSEvent['Records'][number],
  ),
});

/** A full user snapshot as Auth publishes it in every user CUD event. */
export const userSnapshot = (
  overrides: Partial<{
    id: string;
    role: Role;
    active: boolean;
    revision: number;
    name: string;
  }> = {},
) => ({
  id: overrides.id ?? randomUUID(),
  email: `popug-${randomUUID().slice(0, 8)}@uberpopug.test`,
  name: overrides.name ?? 'Popug',
  role: overrides.role ?? ('worker' as Role),
  active: overrides.active ?? true,
  revision: overrides.revision ?? 1,
  changed_at: new Date().toISOString(),
});
