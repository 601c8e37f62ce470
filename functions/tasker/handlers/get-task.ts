import { taskerService } from '../service';
import { getTask } from '../use-cases/get-task';
import { taskerDeps, taskerHttp } from '../wiring';
import { noQuery, taskIdParams } from './schemas';

/** GET /tasks/{id} · its assignee, managers, admins · 200 task with assignee_name; 400; 403; 404. */
export const handler = taskerHttp(
  taskerService.routes.getTask,
  { params: taskIdParams, query: noQuery },
  async (request) => ({
    status: 200,
    body: await getTask(taskerDeps(), { taskId: request.params.id, caller: request.caller }),
  }),
);
