import { httpHandler } from '#shared/http/handler';
import { idParams } from '#shared/http/params';
import { taskerService } from '../service';
import { getTask } from '../use-cases/get-task';
import { taskerDeps } from '../wiring';

const params = idParams('a task');

/** GET /tasks/{id} · its assignee, managers, admins · 200 task; 403 another's; 404 unknown. */
export const handler = httpHandler(taskerService.routes.getTask, { params }, async (request) => ({
  status: 200,
  body: await getTask(taskerDeps(), { taskId: request.params.id, caller: request.caller }),
}));
