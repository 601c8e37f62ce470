import * as z from '../zod';
import { defineEvent } from '../contract';
import { publicId } from '../fields';

/** The older producer's shape: the jira id travels inside the title, `[UBERPOP-42] Fix beak`. */
export const taskCreatedV1 = defineEvent({
  name: 'task.created',
  version: 1,
  producer: 'tasker',
  consumers: ['accounting', 'analytics'],
  description: 'A task was created (v1: jira id inside the title). Still accepted by consumers.',
  schema: z.object({
    id: publicId,
    title: z.string().check(z.minLength(1)),
    description: z._default(z.string(), ''),
  }),
});

const jiraInTitle = /^\s*\[([^\]]+)\]\s*(.*)$/;

/** Splits a v1 title into the v2 fields: `[UBERPOP-42] Fix beak` -> `UBERPOP-42`, `Fix beak`. */
export function splitV1Title(title: string): { title: string; jira_id: string | null } {
  const match = jiraInTitle.exec(title);
  if (!match) return { title: title.trim(), jira_id: null };
  return { jira_id: match[1]!.trim(), title: match[2]!.trim() };
}
