import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { batchGet, documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { Assignment } from '../domain/assignment';
import type { ShuffleMoveStore } from '../domain/ports';
import type { ReadConsistency } from '../domain/read-consistency';
import type { Task } from '../domain/task';
import { byAssigneeIndex, byStatusIndex, keys } from './keys';
import { taskOf } from './task-items';

const pageEntrySchema = z.object({ id: z.string(), gsi2sk: z.string() });

const isOpen = 'gsi2pk = :open';
const comesAfter = 'gsi2sk > :after';
const taskIsOpen = '#status = :open';
const taskAtAssignmentRead = 'assignment_seq = :previousSeq';

/** The reshuffle's reads of open tasks and its moves: what a job does to the tasks. */
export class DynamoShuffleMoveStore implements ShuffleMoveStore {
  constructor(private readonly tableName: string) {}

  /** Open tasks right now, the denominator of a starting job's progress (COUNT pages, no items). */
  async countOpen(): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: byStatusIndex.name,
          KeyConditionExpression: isOpen,
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
   * One page of open tasks in a stable order (creation time, then id). A reassignment leaves a
   * task's place in this order unchanged, so "after the last one seen" is a sound cursor.
   */
  async openPage(after: string | null, limit: number) {
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byStatusIndex.name,
        KeyConditionExpression: after === null ? isOpen : `${isOpen} AND ${comesAfter}`,
        ExpressionAttributeValues: {
          ':open': byStatusIndex.pk('open'),
          ...(after === null ? {} : { ':after': after }),
        },
        ProjectionExpression: 'id, gsi2sk',
        Limit: limit,
      }),
    );
    const entries = Items.map((item) => pageEntrySchema.parse(item));
    return {
      taskIds: entries.map((entry) => entry.id),
      lastSortKey: entries.at(-1)?.gsi2sk ?? null,
      exhausted: LastEvaluatedKey === undefined,
    };
  }

  async read(taskIds: readonly string[], read: ReadConsistency): Promise<Task[]> {
    const items = await batchGet(
      this.tableName,
      taskIds.map((id) => keys.task(id)),
      read,
    );
    return items.map(taskOf);
  }

  /**
   * One move: conditional on the task being open and at the assignment the plan saw, so a
   * completion that got there first wins and the move is re-planned.
   */
  moved(changes: Changes, task: Task, assignment: Assignment, jobId: string): void {
    changes.write(
      guarded(this.moveGuard(task.id), {
        Update: {
          TableName: this.tableName,
          Key: keys.task(task.id),
          UpdateExpression:
            'SET assignee_id = :assignee, assignment_id = :assignmentId, assignment_seq = :seq, assigned_at = :at, last_shuffle_job = :job, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
          ConditionExpression: `${taskIsOpen} AND ${taskAtAssignmentRead}`,
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
      }),
    );
  }

  moveGuard(taskId: string): string {
    return `task_open_as_read:${taskId}`;
  }
}
