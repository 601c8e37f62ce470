import { taskerService } from '../service';
import { completeTask } from '../use-cases/complete-task';
import { taskerDeps, taskerHttp } from '../wiring';
import { noQuery, taskIdParams } from './schemas';

/** POST /tasks/{id}/complete · its assignee · 200 task; 403 not yours; 404; 409 done/moved. */
export const handler = taskerHttp(
  taskerService.routes.completeTask,
  { params: taskIdParams, query: noQuery },
  async ({ params, caller, correlationId }) => ({
    status: 200,
    body: await completeTask(
      taskerDeps(),
      { taskId: params.id, callerId: caller.id },
      { correlationId },
    ),
  }),
);
