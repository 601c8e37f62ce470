import { httpHandler } from '#shared/http/handler';
import { idParams } from '#shared/http/params';
import { taskerService } from '../service';
import { shuffleStatus } from '../use-cases/shuffle-status';

const params = idParams('a reshuffle job');

export const handler = httpHandler(
  taskerService.routes.shuffleStatus,
  { params },
  async (request) => ({
    status: 200,
    body: await shuffleStatus(request.params.id),
  }),
);
