import { randomUUID } from 'node:crypto';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { outboxRow } from '#shared/outbox/outbox';
import type { DeadLetter } from '../../local/sqs/dead-letters';
import type { LocalCloud } from '../../local/cloud/local-cloud';

/** The version a buggy producer stamps on its poison events: no consumer knows it. */
export const POISON_VERSION = 99;

/**
 * Puts `count` poison events on the bus: `task.created` events of a version nobody registered,
 * as a producer with a bug would. Every subscriber must reject them until their receives are
 * spent, so each one ends in the dead-letter store. Returns their event ids.
 */
export function injectPoison(cloud: LocalCloud, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const row = outboxRow(
      taskCreatedV2,
      {
        id: randomUUID(),
        title: `Poison ${i}`,
        jira_id: null,
        description: 'published with a version no consumer knows',
        assignee_id: randomUUID(),
        status: 'open',
        created_at: new Date().toISOString(),
      },
      { correlationId: 'soak-poison' },
    );
    const detail = JSON.parse(row.detail) as {
      metadata: { event_id: string; event_version: number };
    };
    detail.metadata.event_version = POISON_VERSION;
    cloud.bus.publish({
      version: '0',
      id: randomUUID(),
      source: row.source,
      'detail-type': row.detail_type,
      account: '000000000000',
      time: row.created_at,
      region: 'us-east-1',
      resources: [],
      detail,
    });
    return detail.metadata.event_id;
  });
}

/** The event id a dead letter carries, or undefined if its body is not an aTES event. */
export function eventIdOf(letter: DeadLetter): string | undefined {
  try {
    return (JSON.parse(letter.body) as { detail?: { metadata?: { event_id?: string } } }).detail
      ?.metadata?.event_id;
  } catch {
    return undefined;
  }
}

/**
 * The fix: the producer's bug is corrected, so each poison event is sent back with the version
 * it should have carried (2); the subscribers then apply it once.
 */
export function redriveFixedPoison(cloud: LocalCloud): DeadLetter[] {
  return cloud.deadLetters.redrive({}, (letter) => {
    const event = JSON.parse(letter.body) as { detail: { metadata: { event_version: number } } };
    if (event.detail.metadata.event_version === POISON_VERSION) {
      event.detail.metadata.event_version = taskCreatedV2.version;
    }
    return JSON.stringify(event);
  });
}
