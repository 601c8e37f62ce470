import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { ChunkOutcome, ChunkTally, ShuffleJobStore } from '../domain/ports';
import type { ShuffleJob } from '../domain/shuffle-job';
import { keys } from './keys';

const jobSchema = z.object({
  job_id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  requested_by: z.string(),
  requested_at: z.string(),
  started_at: z.nullable(z.string()),
  finished_at: z.nullable(z.string()),
  open_tasks_at_start: z.nullable(z.number().check(z.int())),
  processed: z.number().check(z.int()),
  reassigned: z.number().check(z.int()),
  // Jobs stored before it was counted report none.
  changed_hands: z._default(z.number().check(z.int()), 0),
  skipped_completed: z.number().check(z.int()),
  chunks_done: z.number().check(z.int()),
  // Jobs stored before failures were recorded have no reason.
  failure_reason: z._default(z.nullable(z.string()), null),
}) satisfies z.ZodMiniType<ShuffleJob>;

const jobIsNew = 'attribute_not_exists(pk)';
const jobIsQueued = '#status = :queued';
const jobIsRunning = '#status = :running';
const chunkFollowsLastCounted = '#chunks = :previous';
// `processed` is a DynamoDB reserved word: every counter goes through a name placeholder.
const addTally =
  'ADD #processed :processed, #reassigned :reassigned, #changed :changed, #skipped :skipped, #chunks :one';
const endJob = '#status = :final, finished_at = :now';
const recordReason = 'failure_reason = :reason';

export class DynamoShuffleJobStore implements ShuffleJobStore {
  constructor(private readonly tableName: string) {}

  async find(jobId: string): Promise<ShuffleJob | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.shuffleJob(jobId),
        ConsistentRead: true,
      }),
    );
    return Item ? jobSchema.parse(Item) : undefined;
  }

  /** A press: the job, queued. */
  queued(changes: Changes, job: ShuffleJob): void {
    changes.write(
      guarded('job_is_new', {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.shuffleJob(job.job_id), record_type: 'shuffle_job', ...job },
          ConditionExpression: jobIsNew,
        },
      }),
    );
  }

  started(changes: Changes, jobId: string, openTasks: number, now: Date): void {
    changes.write(
      guarded('job_is_queued', {
        Update: {
          TableName: this.tableName,
          Key: keys.shuffleJob(jobId),
          UpdateExpression:
            'SET #status = :running, started_at = :now, open_tasks_at_start = :open',
          ConditionExpression: jobIsQueued,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':queued': 'queued',
            ':now': now.toISOString(),
            ':open': openTasks,
          },
        },
      }),
    );
  }

  /**
   * Adds a chunk's tally to its job, once: the chunk number must follow the last one counted.
   * A job that is done or failed (with its reason) ends in the same write.
   */
  chunkCounted(
    changes: Changes,
    jobId: string,
    chunk: number,
    tally: ChunkTally,
    outcome: ChunkOutcome,
    now: Date,
  ): void {
    const sets = ['updated_at = :now'];
    const values: Record<string, unknown> = {
      ':processed': tally.processed,
      ':reassigned': tally.reassigned,
      ':changed': tally.changed_hands,
      ':skipped': tally.skipped_completed,
      ':one': 1,
      ':now': now.toISOString(),
      ':running': 'running',
      ':previous': chunk - 1,
    };
    if ('done' in outcome) {
      sets.push(endJob);
      values[':final'] = 'done';
    }
    if ('failed' in outcome) {
      sets.push(endJob, recordReason);
      values[':final'] = 'failed';
      values[':reason'] = outcome.failed;
    }
    const counted = guarded('chunk_is_next', {
      Update: {
        TableName: this.tableName,
        Key: keys.shuffleJob(jobId),
        UpdateExpression: `${addTally} SET ${sets.join(', ')}`,
        ConditionExpression: `${jobIsRunning} AND ${chunkFollowsLastCounted}`,
        ExpressionAttributeNames: {
          '#status': 'status',
          '#processed': 'processed',
          '#reassigned': 'reassigned',
          '#changed': 'changed_hands',
          '#skipped': 'skipped_completed',
          '#chunks': 'chunks_done',
        },
        ExpressionAttributeValues: values,
      },
    });
    changes.write(counted);
  }
}
