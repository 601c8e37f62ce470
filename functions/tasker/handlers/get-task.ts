import { idParams } from '#shared/http/params';
import { taskerService } from '../service';
import { getTask } from '../use-cases/get-task';
import { taskerDeps, taskerHttpHandler } from '../wiring';

const params = idParams('a task');

/** GET /tasks/{id} · its assignee, managers, admins · 200 task with assignee_name; 400; 403; 404. */
export const handler = taskerHttpHandler()(
  taskerService.routes.getTask,
  { params },
  async (request) => ({
    status: 200,
    body: await getTask(taskerDeps(), { taskId: request.params.id, caller: request.caller }),
  }),
);
