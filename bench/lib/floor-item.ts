import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';

/**
 * A task-sized item carrying both of Tasker's index keys: what the floor writes, and what a
 * replayed write shape writes, so the two are measured on the same items.
 */
export function floorItem(): Record<string, AttributeValue> {
  const id = randomUUID();
  return {
    pk: { S: `TASK#${id}` },
    sk: { S: 'TASK' },
    gsi1pk: { S: `ASSIGNEE#${randomUUID()}` },
    gsi1sk: { S: `open#${new Date().toISOString()}#${id}` },
    gsi2pk: { S: 'STATUS#open' },
    gsi2sk: { S: `${new Date().toISOString()}#${id}` },
    title: { S: 'Measure the floor of the local engine' },
    description: { S: 'x'.repeat(120) },
    assignee_id: { S: randomUUID() },
    assignment_seq: { N: '1' },
  };
}
