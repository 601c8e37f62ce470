import * as z from 'zod';
import { cursorField } from '#shared/page-cursor';
import { TASK_STATUSES } from '../domain/task';
import { taskerService } from '../service';
import { listTaskPage } from '../use-cases/list-tasks';
import { taskerDeps, taskerHttpHandler } from '../wiring';

const query = z.object({
  /** `me` (default), `all`, or an employee's id. */
  assignee: z.union([z.literal('me'), z.literal('all'), z.uuid()]).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorField.optional(),
});

/** GET /tasks · signed-in (others' lists: managers, admins) · 200 page; 400 query; 403. */
export const handler = taskerHttpHandler()(
  taskerService.routes.listTasks,
  { query },
  async (request) => ({
    status: 200,
    body: await listTaskPage(taskerDeps(), { caller: request.caller, query: request.query }),
  }),
);
