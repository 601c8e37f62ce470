import { taskerService } from '../service';
import { listTaskPage } from '../use-cases/list-tasks';
import { taskerDeps, taskerHttp } from '../wiring';
import { listTasksQuery } from './schemas';

/** GET /tasks · signed-in (others' lists: managers, admins) · 200 page; 400 query; 403. */
export const handler = taskerHttp(
  taskerService.routes.listTasks,
  { query: listTasksQuery },
  async (request) => ({
    status: 200,
    body: await listTaskPage(taskerDeps(), { caller: request.caller, query: request.query }),
  }),
);
