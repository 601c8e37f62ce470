import { idParams } from '#shared/http/params';
import { taskerService } from '../service';
import { shuffleStatus } from '../use-cases/shuffle-status';
import { taskerDeps, taskerHttpHandler } from '../wiring';

const params = idParams('a reshuffle job');

/** GET /tasks/shuffles/{id} · managers, admins · 200 progress (or failure); 404 unknown. */
export const handler = taskerHttpHandler()(
  taskerService.routes.shuffleStatus,
  { params },
  async (request) => ({
    status: 200,
    body: await shuffleStatus(taskerDeps(), { jobId: request.params.id }),
  }),
);
