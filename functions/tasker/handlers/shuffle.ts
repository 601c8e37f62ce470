import { taskerService } from '../service';
import { queueShuffle } from '../use-cases/queue-shuffle';
import { taskerDeps, taskerHttpHandler } from '../wiring';

/** POST /tasks/shuffle · managers, admins · 202 job (new or joined), Location; 409 nobody. */
export const handler = taskerHttpHandler()(taskerService.routes.shuffle, {}, async (request) => {
  const job = await queueShuffle(
    taskerDeps(),
    { requestedBy: request.caller.id },
    { correlationId: request.correlationId },
  );
  return {
    status: 202,
    body: { job_id: job.job_id, status: job.status, requested_at: job.requested_at },
    headers: { location: `/tasks/shuffles/${job.job_id}` },
  };
});
