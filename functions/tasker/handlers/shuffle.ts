import { httpHandler } from '#shared/http/handler';
import { taskerService } from '../service';
import { queueShuffle } from '../use-cases/queue-shuffle';

/** 202: the job is queued; its progress is at the Location the response names. */
export const handler = httpHandler(taskerService.routes.shuffle, {}, async (request) => {
  const job = await queueShuffle(request.caller.id, { correlationId: request.correlationId });
  return {
    status: 202,
    body: { job_id: job.job_id, status: job.status, requested_at: job.requested_at },
    headers: { location: `/tasks/shuffles/${job.job_id}` },
  };
});
