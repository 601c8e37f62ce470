import type { DataOf, EventMetadata } from '#events';
import type { taskCreatedV1 } from '#events/tasker/task.created.v1';
import type { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { factsOfTaskCreatedV2, upcastTaskCreatedV1 } from '#events/tasker/upcast-task-created';
import type { TaskCreated } from './task-fact';

/** Each version of `task.created` as what Analytics keeps of it. */
export const taskCreatedOf = {
  v1: (data: DataOf<typeof taskCreatedV1>, metadata: EventMetadata): TaskCreated => {
    // v1 carried the jira id inside the title; the shared upcaster splits it out.
    const facts = upcastTaskCreatedV1(data, metadata);
    return { task_id: facts.id, title: facts.title, jira_id: facts.jira_id };
  },
  v2: (data: DataOf<typeof taskCreatedV2>): TaskCreated => {
    const facts = factsOfTaskCreatedV2(data);
    return { task_id: facts.id, title: facts.title, jira_id: facts.jira_id };
  },
};
