import type { DataOf, EventMetadata } from '../contract';
import { jiraIdSchema } from '../fields';
import { splitV1Title, type taskCreatedV1 } from './task.created.v1';
import type { taskCreatedV2 } from './task.created.v2';

type V1 = DataOf<typeof taskCreatedV1>;
type V2 = DataOf<typeof taskCreatedV2>;

/**
 * What a consumer of `task.created` works with, whichever version arrived. v1 producers did not
 * say who the task went to (a `task.assigned` carries that), so `assignee_id` may be null.
 */
export interface TaskCreatedFacts {
  id: string;
  title: string;
  jira_id: string | null;
  description: string;
  assignee_id: string | null;
  status: 'open' | 'completed';
  created_at: string;
}

/**
 * v1 -> v2 shape. The jira id comes out of the `[UBERPOP-42] Title` prefix; a bracketed prefix
 * that is not a jira id (`[urgent] Fix beak`) stays in the title, because guessing would invent
 * a jira id nobody gave. v1 had no creation time: the event's own time stands in for it.
 */
export function upcastTaskCreatedV1(
  data: V1,
  metadata: Pick<EventMetadata, 'event_time'>,
): TaskCreatedFacts {
  const split = splitV1Title(data.title);
  const jiraId = split.jira_id !== null && jiraIdSchema.safeParse(split.jira_id).success;
  return {
    id: data.id,
    title: jiraId ? split.title : data.title.trim(),
    jira_id: jiraId ? split.jira_id : null,
    description: data.description,
    assignee_id: null,
    status: 'open',
    created_at: metadata.event_time,
  };
}

export const factsOfTaskCreatedV2 = (data: V2): TaskCreatedFacts => ({ ...data });
