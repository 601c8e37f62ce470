import { httpHandler } from '#shared/http/handler';
import { idParams } from '#shared/http/params';
import { taskerService } from '../service';
import { completeTask } from '../use-cases/complete-task';

const params = idParams('a task');

export const handler = httpHandler(
  taskerService.routes.completeTask,
  { params },
  async (request) => ({
    status: 200,
    body: await completeTask(request.params.id, request.caller.id, {
      correlationId: request.correlationId,
    }),
  }),
);
