import * as z from '#events/zod';
import { cursorField } from '#shared/page-cursor';
import { idParams } from '#shared/http/params';
import { accountingService } from '../service';
import { readTaskHistory } from '../use-cases/read-task-history';
import { accountingDeps, accountingHttp } from '../wiring';

const params = idParams('a task');
const query = z.strictObject({ cursor: z.optional(cursorField) });

/**
 * GET /accounting/tasks/{id}?cursor= · signed-in (every account: admin, accountant, manager;
 * anyone else their own) · 200 page; 400 bad id or cursor; 403 none of yours; 404 unknown.
 */
export const handler = accountingHttp(
  accountingService.routes.taskHistory,
  { params, query },
  async ({ params, query, caller }) => ({
    status: 200,
    body: await readTaskHistory(accountingDeps(), {
      taskId: params.id,
      caller,
      cursor: query.cursor,
    }),
  }),
);
