import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findContract } from '../registry';
import { splitV1Title, taskCreatedV1 } from './task.created.v1';
import { taskCreatedV2 } from './task.created.v2';
import { factsOfTaskCreatedV2, upcastTaskCreatedV1 } from './upcast-task-created';

const eventTime = '2024-05-01T10:00:00.000Z';

describe('task.created v1 from older producers', () => {
  it('splits the jira id out of a v1 title', () => {
    expect(splitV1Title('[UBERPOP-42] Fix beak')).toEqual({
      jira_id: 'UBERPOP-42',
      title: 'Fix beak',
    });
    expect(splitV1Title('  [ UBERPOP-7 ]   Feed the parrots ')).toEqual({
      jira_id: 'UBERPOP-7',
      title: 'Feed the parrots',
    });
    expect(splitV1Title('Fix beak')).toEqual({ jira_id: null, title: 'Fix beak' });
  });

  it('upcasts a registry-validated v1 event to the v2 facts a consumer works with', () => {
    const id = randomUUID();
    const v1 = findContract('task.created', 1).schema.parse({
      id,
      title: '[UBERPOP-42] Fix beak',
    }) as Parameters<typeof upcastTaskCreatedV1>[0];
    const facts = upcastTaskCreatedV1(v1, { event_time: eventTime });
    expect(facts).toEqual({
      id,
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      description: '',
      assignee_id: null,
      status: 'open',
      created_at: eventTime,
    });
    // What the upcast makes of the title and jira id is what a v2 producer would have sent.
    expect(taskCreatedV2.schema.safeParse({ ...facts, assignee_id: randomUUID() }).success).toBe(
      true,
    );
  });

  it('keeps a bracketed prefix that is not a jira id in the title rather than invent one', () => {
    const v1 = taskCreatedV1.schema.parse({ id: randomUUID(), title: '[urgent] Fix beak' });
    expect(upcastTaskCreatedV1(v1, { event_time: eventTime })).toMatchObject({
      title: '[urgent] Fix beak',
      jira_id: null,
    });
  });

  it('reads v2 as it is', () => {
    const v2 = {
      id: randomUUID(),
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      description: 'd',
      assignee_id: randomUUID(),
      status: 'open' as const,
      created_at: eventTime,
    };
    expect(factsOfTaskCreatedV2(taskCreatedV2.schema.parse(v2))).toEqual(v2);
  });

  it('registers the reshuffle’s internal events, produced and consumed by tasker only', () => {
    for (const name of ['tasker.shuffle_requested', 'tasker.shuffle_chunk_requested']) {
      const contract = findContract(name, 1);
      expect(contract.producer).toBe('tasker');
      expect(contract.consumers).toEqual(['tasker']);
    }
  });
});
