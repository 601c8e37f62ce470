import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { cursorKeyPart, decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import { documentClient } from '#shared/dynamo';
import type { ListScope } from '../domain/listing';
import type { TaskPage } from '../domain/ports';
import type { Task } from '../domain/task';
import { byAssigneeIndex, byStatusIndex } from './keys';
import { taskOf } from './task-items';

/** One index partition a list walks, newest first. */
interface Partition {
  index: string;
  pkName: string;
  pk: string;
  skPrefix?: string;
}

/**
 * The partitions behind a list scope. Everyone's tasks without a status filter walk the open
 * tasks, then the completed ones: two partitions, one cursor that remembers which it is in.
 */
function partitionsOf(scope: ListScope): Partition[] {
  if (scope.kind === 'assignee')
    return [
      {
        index: byAssigneeIndex.name,
        pkName: 'gsi1pk',
        pk: byAssigneeIndex.pk(scope.assigneeId),
        skPrefix: scope.status ? `${scope.status}#` : undefined,
      },
    ];
  const statuses = scope.status ? [scope.status] : (['open', 'completed'] as const);
  return statuses.map((status) => ({
    index: byStatusIndex.name,
    pkName: 'gsi2pk',
    pk: byStatusIndex.pk(status),
  }));
}

const cursorSchema = z.strictObject({
  p: z.number().check(z.int(), z.gte(0)),
  k: z.nullable(z.record(z.string(), cursorKeyPart)),
});
type Cursor = z.infer<typeof cursorSchema>;

const skNameOf = (partition: Partition) => partition.pkName.replace(/pk$/, 'sk');

/** The attributes of a key of the partition's index: the table's key and the index's own. */
const keyNamesOf = (partition: Partition) => ['pk', 'sk', partition.pkName, skNameOf(partition)];

function decodeListCursor(text: string, partitions: Partition[]): Cursor {
  const cursor = decodeCursor(text, cursorSchema);
  const partition = cursor && partitions[cursor.p];
  if (!cursor || !partition) throw invalidCursor();
  // A cursor from another list, or with a key of other attributes, would make DynamoDB refuse
  // the start key: say so clearly instead.
  if (cursor.k) {
    const names = keyNamesOf(partition);
    const exactKey =
      Object.keys(cursor.k).length === names.length && names.every((name) => name in cursor.k!);
    if (!exactKey || cursor.k[partition.pkName] !== partition.pk) throw invalidCursor();
  }
  return cursor;
}

/** One page of a list scope, newest first, and the cursor of the next page. */
export async function listTasks(
  tableName: string,
  scope: ListScope,
  limit: number,
  cursorText: string | undefined,
): Promise<TaskPage> {
  const partitions = partitionsOf(scope);
  let cursor: Cursor = cursorText ? decodeListCursor(cursorText, partitions) : { p: 0, k: null };
  const tasks: Task[] = [];
  const seen = new Set<string>();
  while (tasks.length < limit) {
    const partition = partitions[cursor.p]!;
    const skName = skNameOf(partition);
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: partition.index,
        KeyConditionExpression: partition.skPrefix
          ? `${partition.pkName} = :pk AND begins_with(${skName}, :prefix)`
          : `${partition.pkName} = :pk`,
        ExpressionAttributeValues: {
          ':pk': partition.pk,
          ...(partition.skPrefix ? { ':prefix': partition.skPrefix } : {}),
        },
        ScanIndexForward: false,
        Limit: limit - tasks.length,
        ExclusiveStartKey: cursor.k ?? undefined,
      }),
    );
    // A task completed between the open partition's query and the completed one's is in both:
    // it is listed once (and its price asked for once), where it was seen first.
    for (const task of Items.map(taskOf)) {
      if (seen.has(task.id)) continue;
      seen.add(task.id);
      tasks.push(task);
    }
    if (LastEvaluatedKey) cursor = { p: cursor.p, k: cursorSchema.shape.k.parse(LastEvaluatedKey) };
    else if (cursor.p + 1 < partitions.length) cursor = { p: cursor.p + 1, k: null };
    else return { tasks, nextCursor: null };
  }
  return { tasks, nextCursor: encodeCursor(cursor) };
}
