import { taskerService } from '../service';
import { createTask } from '../use-cases/create-task';
import { taskerDeps, taskerHttp } from '../wiring';
import { newTaskBody, noQuery } from './schemas';

/** POST /tasks · signed-in · 201 task; 400 body shape; 422 a task rule (domain); 409 nobody assignable. */
export const handler = taskerHttp(
  taskerService.routes.createTask,
  { body: newTaskBody, query: noQuery },
  async (request) => ({
    status: 201,
    body: await createTask(taskerDeps(), request.body, { correlationId: request.correlationId }),
  }),
);
