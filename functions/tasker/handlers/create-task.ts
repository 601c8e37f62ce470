import * as z from 'zod';
import { taskerService } from '../service';
import { createTask } from '../use-cases/create-task';
import { taskerDeps, taskerHttpHandler } from '../wiring';

const body = z.strictObject({
  title: z.string(),
  jira_id: z.string().nullish(),
  description: z.string().optional(),
});

/** POST /tasks · signed-in · 201 task; 400 body shape; 422 a task rule (domain); 409 nobody assignable. */
export const makeCreateTaskHandler = (deps = taskerDeps) =>
  taskerHttpHandler(deps)(taskerService.routes.createTask, { body }, async (request) => ({
    status: 201,
    body: await createTask(deps(), request.body, { correlationId: request.correlationId }),
  }));

export const handler = makeCreateTaskHandler();
