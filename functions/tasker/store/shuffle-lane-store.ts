import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { ShuffleLaneStore } from '../domain/ports';
import type { ShuffleLane } from '../domain/shuffle-job';
import { keys } from './keys';

/** The lane item does not exist before the first press; an idle lane has no running job. */
const laneSchema = z.object({
  running_job: z.pipe(
    z.nullish(z.string()),
    z.transform((job) => job ?? null),
  ),
  queue: z._default(z.array(z.string()), []),
});

const nobodyWaiting = 'attribute_not_exists(#queue) OR size(#queue) = :zero';
const laneIsIdle = 'attribute_not_exists(running_job)';
const laneRunsPrevious = 'running_job = :previous';
const laneRunsJob = 'running_job = :job';
const jobIsHeadOfQueue = '#queue[0] = :job';

export class DynamoShuffleLaneStore implements ShuffleLaneStore {
  constructor(private readonly tableName: string) {}

  async find(): Promise<ShuffleLane> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: keys.shuffleLane(), ConsistentRead: true }),
    );
    return laneSchema.parse(Item ?? {});
  }

  /** Refused while a job waits: the press joins that one instead of queuing a second. */
  enqueued(changes: Changes, jobId: string): void {
    changes.write(
      guarded('nobody_waiting', {
        Update: {
          TableName: this.tableName,
          Key: keys.shuffleLane(),
          UpdateExpression: 'SET #queue = list_append(if_not_exists(#queue, :empty), :job)',
          ConditionExpression: nobodyWaiting,
          ExpressionAttributeNames: { '#queue': 'queue' },
          ExpressionAttributeValues: { ':empty': [], ':job': [jobId], ':zero': 0 },
        },
      }),
    );
  }

  /**
   * The job at the head of the queue takes the lane. `previous` is the job handing it over, or
   * null when the lane was idle; the condition fails if the lane changed since it was read.
   */
  handedTo(changes: Changes, jobId: string, previous: string | null): void {
    const laneAsRead = previous === null ? laneIsIdle : laneRunsPrevious;
    changes.write(
      guarded('lane_as_read', {
        Update: {
          TableName: this.tableName,
          Key: keys.shuffleLane(),
          UpdateExpression: 'SET running_job = :job REMOVE #queue[0]',
          ConditionExpression: `${laneAsRead} AND ${jobIsHeadOfQueue}`,
          ExpressionAttributeNames: { '#queue': 'queue' },
          ExpressionAttributeValues: {
            ':job': jobId,
            ...(previous === null ? {} : { ':previous': previous }),
          },
        },
      }),
    );
  }

  /** The last job leaves an empty lane; fails (and is retried) if a press queued one meanwhile. */
  released(changes: Changes, jobId: string): void {
    changes.write(
      guarded('lane_as_read', {
        Update: {
          TableName: this.tableName,
          Key: keys.shuffleLane(),
          UpdateExpression: 'REMOVE running_job',
          ConditionExpression: `${laneRunsJob} AND (${nobodyWaiting})`,
          ExpressionAttributeNames: { '#queue': 'queue' },
          ExpressionAttributeValues: { ':job': jobId, ':zero': 0 },
        },
      }),
    );
  }
}
