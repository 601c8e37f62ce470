import * as z from '#events/zod';
import { cursorField } from '#shared/page-cursor';
import { TASK_STATUSES } from '../domain/task';

/**
 * Tasker's request schemas, all strict: an unknown body field or query parameter is refused
 * with 400 `validation_failed` naming it, never silently ignored (a misspelt `stauts=open`
 * would otherwise list everything).
 */

/** `{id}` in a path: only a UUID names anything in aTES. */
const idOf = (what: string) => z.strictObject({ id: z.uuid(`must be ${what} id (a UUID)`) });

export const taskIdParams = idOf('a task');
export const jobIdParams = idOf('a reshuffle job');

/** A route that takes no query parameters refuses any. */
export const noQuery = z.strictObject({});

export const newTaskBody = z.strictObject({
  title: z.string(),
  jira_id: z.nullish(z.string()),
  description: z.optional(z.string()),
});

export const listTasksQuery = z.strictObject({
  /** `me` (default), `all`, or an employee's id. */
  assignee: z.optional(z.union([z.literal('me'), z.literal('all'), z.uuid()])),
  status: z.optional(z.enum(TASK_STATUSES)),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(cursorField),
});

export type ListTasksQuery = z.infer<typeof listTasksQuery>;
