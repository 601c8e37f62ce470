import * as z from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { taskerService } from '../service';
import { completeTask } from '../use-cases/complete-task';

const params = z.object({ id: z.uuid() });

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
