import { taskerService } from '../service';
import { shuffleStatus } from '../use-cases/shuffle-status';
import { taskerDeps, taskerHttp } from '../wiring';
import { jobIdParams, noQuery } from './schemas';

/** GET /tasks/shuffles/{id} · managers, admins · 200 progress (or failure); 404 unknown. */
export const handler = taskerHttp(
  taskerService.routes.shuffleStatus,
  { params: jobIdParams, query: noQuery },
  async (request) => ({
    status: 200,
    body: await shuffleStatus(taskerDeps(), { jobId: request.params.id }),
  }),
);
