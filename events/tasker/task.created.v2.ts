import * as z from '../zod';
import { defineEvent } from '../contract';
import { jiraIdSchema, publicId, timestamp } from '../fields';

export const taskCreatedV2 = defineEvent({
  name: 'task.created',
  version: 2,
  producer: 'tasker',
  consumers: ['accounting', 'analytics'],
  description: 'A task was created; it is assigned at once (a task.assigned follows).',
  schema: z.object({
    id: publicId,
    title: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(200),
        z.regex(/^[^[\]]*$/, 'the jira id belongs in jira_id'),
      ),
    jira_id: z.nullable(jiraIdSchema),
    description: z.string().check(z.maxLength(5000)),
    assignee_id: publicId,
    status: z.enum(['open', 'completed']),
    created_at: timestamp,
  }),
});
