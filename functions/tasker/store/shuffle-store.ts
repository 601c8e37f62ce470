import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import { documentClient, type TransactItem } from '#shared/dynamo';
import { outboxPut, type EventContext } from '#shared/outbox/outbox';
import type { Assignment } from '../domain/assignment';
import type { ShuffleJob, ShuffleLane } from '../domain/shuffle-job';
import type { Task } from '../domain/task';
import { batchGet } from './batch-get';
import { byAssigneeIndex, byStatusIndex, keys, tableName } from './table';
import { taskOf } from './task-items';
import { taskAssignedPut } from './task-store';

const JOB_FIELDS = [
  'job_id',
  'status',
  'requested_by',
  'requested_at',
  'started_at',
  'finished_at',
  'open_tasks_at_start',
  'processed',
  'reassigned',
  'skipped_completed',
  'chunks_done',
] as const satisfies readonly (keyof ShuffleJob)[];

export async function findShuffleJob(jobId: string): Promise<ShuffleJob | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: keys.shuffleJob(jobId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return Object.fromEntries(JOB_FIELDS.map((f) => [f, Item[f] ?? null])) as unknown as ShuffleJob;
}

export async function findShuffleLane(): Promise<ShuffleLane> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: keys.shuffleLane(), ConsistentRead: true }),
  );
  return {
    running_job: (Item?.running_job as string | undefined) ?? null,
    queue: (Item?.queue as string[] | undefined) ?? [],
  };
}

/**
 * A press of the button: the job, its place at the back of the lane's queue, and the internal
 * event that makes Tasker's consumer look at the lane. Nothing is reassigned yet.
 */
export function queueShuffleItems(job: ShuffleJob, context: EventContext): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.shuffleJob(job.job_id), record_type: 'shuffle_job', ...job },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.shuffleLane(),
        UpdateExpression: 'SET #queue = list_append(if_not_exists(#queue, :empty), :job)',
        ExpressionAttributeNames: { '#queue': 'queue' },
        ExpressionAttributeValues: { ':empty': [], ':job': [job.job_id] },
      },
    },
    outboxPut(
      tableName(),
      shuffleRequestedV1,
      { job_id: job.job_id, requested_by: job.requested_by, requested_at: job.requested_at },
      context,
    ),
  ];
}

/** Open tasks right now, the denominator of a starting job's progress (COUNT pages, no items). */
export async function countOpenTasks(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: byStatusIndex.name,
        KeyConditionExpression: 'gsi2pk = :open',
        ExpressionAttributeValues: { ':open': byStatusIndex.pk('open') },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/**
 * Starts the job at the head of the queue. `previous` is the job handing the lane over, or null
 * when the lane was idle; the condition fails if the lane changed since it was read.
 */
export function startShuffleItems(
  jobId: string,
  previous: string | null,
  openTasks: number,
  now: Date,
  context: EventContext,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.shuffleLane(),
        UpdateExpression: 'SET running_job = :job REMOVE #queue[0]',
        ConditionExpression: `${previous === null ? 'attribute_not_exists(running_job)' : 'running_job = :previous'} AND #queue[0] = :job`,
        ExpressionAttributeNames: { '#queue': 'queue' },
        ExpressionAttributeValues: {
          ':job': jobId,
          ...(previous === null ? {} : { ':previous': previous }),
        },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.shuffleJob(jobId),
        UpdateExpression: 'SET #status = :running, started_at = :now, open_tasks_at_start = :open',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':running': 'running',
          ':queued': 'queued',
          ':now': now.toISOString(),
          ':open': openTasks,
        },
      },
    },
    outboxPut(
      tableName(),
      shuffleChunkRequestedV1,
      { job_id: jobId, chunk: 1, after: null },
      context,
    ),
  ];
}

/** The last job leaves an empty lane; fails (and is retried) if a press queued one meanwhile. */
export const releaseLaneItems = (jobId: string): TransactItem[] => [
  {
    Update: {
      TableName: tableName(),
      Key: keys.shuffleLane(),
      UpdateExpression: 'REMOVE running_job',
      ConditionExpression:
        'running_job = :job AND (attribute_not_exists(#queue) OR size(#queue) = :zero)',
      ExpressionAttributeNames: { '#queue': 'queue' },
      ExpressionAttributeValues: { ':job': jobId, ':zero': 0 },
    },
  },
];

export interface ChunkTally {
  processed: number;
  reassigned: number;
  skipped_completed: number;
}

/**
 * Adds a chunk's tally to its job, once: the chunk number must follow the last one counted,
 * and the job either asks for the next chunk or is done.
 */
export function chunkDoneItems(
  jobId: string,
  chunk: number,
  tally: ChunkTally,
  next: { after: string } | 'done',
  now: Date,
  context: EventContext,
): TransactItem[] {
  const done = next === 'done';
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.shuffleJob(jobId),
        UpdateExpression: `ADD #processed :processed, #reassigned :reassigned, #skipped :skipped, #chunks :one SET updated_at = :now${done ? ', #status = :done, finished_at = :now' : ''}`,
        ConditionExpression: '#status = :running AND #chunks = :previous',
        // `processed` is a DynamoDB reserved word: every counter goes through a name placeholder.
        ExpressionAttributeNames: {
          '#status': 'status',
          '#processed': 'processed',
          '#reassigned': 'reassigned',
          '#skipped': 'skipped_completed',
          '#chunks': 'chunks_done',
        },
        ExpressionAttributeValues: {
          ':processed': tally.processed,
          ':reassigned': tally.reassigned,
          ':skipped': tally.skipped_completed,
          ':one': 1,
          ':now': now.toISOString(),
          ':running': 'running',
          ':previous': chunk - 1,
          ...(done ? { ':done': 'done' } : {}),
        },
      },
    },
  ];
  if (!done)
    items.push(
      outboxPut(
        tableName(),
        shuffleChunkRequestedV1,
        { job_id: jobId, chunk: chunk + 1, after: next.after },
        context,
      ),
    );
  return items;
}

/**
 * One page of open tasks in a stable order (creation time, then id). A reassignment leaves a
 * task's place in this order unchanged, so "after the last one seen" is a sound cursor.
 */
export async function openTasksPage(after: string | null, limit: number) {
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: byStatusIndex.name,
      KeyConditionExpression: after ? 'gsi2pk = :open AND gsi2sk > :after' : 'gsi2pk = :open',
      ExpressionAttributeValues: {
        ':open': byStatusIndex.pk('open'),
        ...(after ? { ':after': after } : {}),
      },
      ProjectionExpression: 'id, gsi2sk',
      Limit: limit,
    }),
  );
  return {
    taskIds: Items.map((item) => item.id as string),
    lastSortKey: (Items.at(-1)?.gsi2sk as string | undefined) ?? null,
    exhausted: LastEvaluatedKey === undefined,
  };
}

/** The tasks themselves, read consistently: the index may lag a completion by a moment. */
export async function readTasks(taskIds: readonly string[]): Promise<Task[]> {
  const items = await batchGet(
    taskIds.map((id) => keys.task(id)),
    true,
  );
  return items.map(taskOf);
}

/**
 * One reshuffle move: conditional on the task being open and at the assignment the plan saw,
 * so a completion that got there first wins and the move is re-planned.
 */
export function reassignItems(
  task: Task,
  assignment: Assignment,
  jobId: string,
  context: EventContext,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.task(task.id),
        UpdateExpression:
          'SET assignee_id = :assignee, assignment_id = :assignmentId, assignment_seq = :seq, assigned_at = :at, last_shuffle_job = :job, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
        ConditionExpression: '#status = :open AND assignment_seq = :previousSeq',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':assignee': assignment.assignee_id,
          ':assignmentId': assignment.assignment_id,
          ':seq': assignment.assignment_seq,
          ':at': assignment.assigned_at,
          ':job': jobId,
          ':gsi1pk': byAssigneeIndex.pk(assignment.assignee_id),
          ':gsi1sk': byAssigneeIndex.sk('open', task.created_at, task.id),
          ':open': 'open',
          ':previousSeq': task.assignment_seq,
        },
      },
    },
    taskAssignedPut(task, assignment, context),
  ];
}
