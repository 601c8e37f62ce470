import { httpHandler } from '#shared/http/handler';
import { idParams } from '#shared/http/params';
import { taskerService } from '../service';
import { getTask } from '../use-cases/get-task';

const params = idParams('a task');

export const handler = httpHandler(taskerService.routes.getTask, { params }, async (request) => ({
  status: 200,
  body: await getTask(request.params.id, request.caller),
}));
