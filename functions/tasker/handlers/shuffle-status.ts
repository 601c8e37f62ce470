import * as z from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { taskerService } from '../service';
import { shuffleStatus } from '../use-cases/shuffle-status';
import { answering } from './refusals';

const params = z.object({ id: z.uuid() });

export const handler = httpHandler(
  taskerService.routes.shuffleStatus,
  { params },
  async (request) => ({
    status: 200,
    body: await answering(() => shuffleStatus(request.params.id)),
  }),
);
