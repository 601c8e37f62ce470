import * as z from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { taskerService } from '../service';
import { getTask } from '../use-cases/get-task';

const params = z.object({ id: z.uuid() });

export const handler = httpHandler(taskerService.routes.getTask, { params }, async (request) => ({
  status: 200,
  body: await getTask(request.params.id, request.caller),
}));
