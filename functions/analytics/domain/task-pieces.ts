import type { DataOf, EventMetadata } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import type { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import type { taskCreatedV1 } from '#events/tasker/task.created.v1';
import type { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { factsOfTaskCreatedV2, upcastTaskCreatedV1 } from '#events/tasker/upcast-task-created';
import { businessDateOf } from '#shared/time/business-day';
import { cents } from '#shared/money';
import type { TaskPiece } from './task-fact';

/** Each producer's event as the piece of a task's fact it carries. */
export const pieceOf = {
  createdV1: (data: DataOf<typeof taskCreatedV1>, metadata: EventMetadata): TaskPiece => {
    // v1 carried the jira id inside the title; the shared upcaster splits it out.
    const facts = upcastTaskCreatedV1(data, metadata);
    return { kind: 'created', task_id: facts.id, title: facts.title, jira_id: facts.jira_id };
  },
  createdV2: (data: DataOf<typeof taskCreatedV2>): TaskPiece => {
    const facts = factsOfTaskCreatedV2(data);
    return { kind: 'created', task_id: facts.id, title: facts.title, jira_id: facts.jira_id };
  },
  priced: (data: DataOf<typeof taskPricedV1>): TaskPiece => ({
    kind: 'priced',
    task_id: data.id,
    reward_cents: cents(data.reward_cents),
  }),
  /** The completion counts on the business date its own time falls on, in the business zone. */
  completed: (data: DataOf<typeof taskCompletedV1>, timeZone: string): TaskPiece => ({
    kind: 'completed',
    task_id: data.id,
    completed_at: data.completed_at,
    completed_on: businessDateOf(data.completed_at, timeZone),
  }),
};
