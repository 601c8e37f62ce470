import * as z from 'zod';
import { httpHandler } from '../../shared/http/handler';
import { taskerService } from '../service';
import { shuffleStatus } from '../use-cases/shuffle-status';

const params = z.object({ id: z.uuid() });

export const handler = httpHandler(
  taskerService.routes.shuffleStatus,
  { params },
  async (request) => ({
    status: 200,
    body: await shuffleStatus(request.params.id),
  }),
);
