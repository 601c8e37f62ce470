import * as z from 'zod';
import { httpHandler } from '#shared/http/handler';
import { cryptoRandomInt, type RandomInt } from '../domain/random';
import { taskerService } from '../service';
import { createTask } from '../use-cases/create-task';

/** Shape only (400); the task tracker's rules on the values are the domain's (422). */
const body = z.strictObject({
  title: z.string(),
  jira_id: z.string().nullish(),
  description: z.string().optional(),
});

/** Built with its randomness injected, so tests can fix the sequence with a seed. */
export const makeCreateTaskHandler = (random: RandomInt) =>
  httpHandler(taskerService.routes.createTask, { body }, async (request) => ({
    status: 201,
    body: await createTask(request.body, random, { correlationId: request.correlationId }),
  }));

export const handler = makeCreateTaskHandler(cryptoRandomInt);
