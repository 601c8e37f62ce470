import * as z from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { taskerService } from '../service';
import { getTask } from '../use-cases/get-task';
import { answering } from './refusals';

const params = z.object({ id: z.uuid() });

export const handler = httpHandler(taskerService.routes.getTask, { params }, async (request) => ({
  status: 200,
  body: await answering(() => getTask(request.params.id, request.caller)),
}));
