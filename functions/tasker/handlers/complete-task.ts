import { idParams } from '#shared/http/params';
import { taskerService } from '../service';
import { completeTask } from '../use-cases/complete-task';
import { taskerDeps, taskerHttpHandler } from '../wiring';

/** POST /tasks/{id}/complete · its assignee · 200 task; 403 not yours; 404; 409 done/moved. */
export const handler = taskerHttpHandler()(
  taskerService.routes.completeTask,
  { params: idParams('a task') },
  async ({ params, caller, correlationId }) => ({
    status: 200,
    body: await completeTask(
      taskerDeps(),
      { taskId: params.id, callerId: caller.id },
      { correlationId },
    ),
  }),
);
