import { taskerService } from '../service';
import { requestShuffle } from '../use-cases/request-shuffle';
import { taskerDeps, taskerHttp } from '../wiring';
import { noQuery } from './schemas';

/** POST /tasks/shuffle · managers, admins · 202 job (new or joined), Location; 409 nobody. */
export const handler = taskerHttp(
  taskerService.routes.shuffle,
  { query: noQuery },
  async (request) => {
    const job = await requestShuffle(
      taskerDeps(),
      { requestedBy: request.caller.id },
      { correlationId: request.correlationId },
    );
    return {
      status: 202,
      body: { job_id: job.job_id, status: job.status, requested_at: job.requested_at },
      headers: { location: `/tasks/shuffles/${job.job_id}` },
    };
  },
);
