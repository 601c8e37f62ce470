import * as z from 'zod';
import { httpHandler } from '#shared/http/handler';
import { TASK_STATUSES } from '../domain/task';
import { taskerService } from '../service';
import { listTaskPage } from '../use-cases/list-tasks';

const query = z.object({
  /** `me` (default), `all`, or an employee's id. */
  assignee: z.union([z.literal('me'), z.literal('all'), z.uuid()]).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).optional(),
});

export const handler = httpHandler(taskerService.routes.listTasks, { query }, async (request) => ({
  status: 200,
  body: await listTaskPage(request.caller, request.query),
}));
