import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient } from '#shared/dynamo';
import { queryAll } from '#shared/query-all';
import { INDEX, LANE_INDEX, laneIndex, oldLaneIndex } from './keys';

/** One place a lane's accounts are listed: an index, its key names and the lane's partition. */
interface LaneSource {
  readonly index: string;
  readonly pk: string;
  readonly sk: string;
  readonly partition: string;
}

/**
 * Where a lane's accounts are: the lane index, and `gsi1` for accounts written before it that
 * `npm run move-lanes` has not moved yet (docs/accounting.md, deploy notes). An account may be
 * in both for a while (learned again before it was moved): readers list it once.
 */
export const laneSources = (lane: number): readonly [LaneSource, LaneSource] => [
  { index: LANE_INDEX, pk: 'gsi3pk', sk: 'gsi3sk', partition: laneIndex.pk(lane) },
  { index: INDEX, pk: 'gsi1pk', sk: 'gsi1sk', partition: oldLaneIndex.pk(lane) },
];

/**
 * The Query of the lane's partition of one source, from `after` on, copying the account id (the
 * source's sort key) and the `attributes` named.
 */
export const laneQuery = (
  table: string,
  source: LaneSource,
  after: string | null,
  attributes: readonly string[] = [],
) => ({
  TableName: table,
  IndexName: source.index,
  KeyConditionExpression: after ? '#pk = :lane AND #sk > :after' : '#pk = :lane',
  ProjectionExpression: ['#sk', ...attributes.map((_, i) => `#a${i}`)].join(', '),
  ExpressionAttributeNames: {
    '#pk': source.pk,
    '#sk': source.sk,
    ...Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
  },
  ExpressionAttributeValues: { ':lane': source.partition, ...(after ? { ':after': after } : {}) },
});

/** A lane entry's account id: every source's sort key is the user id. */
export const userIdOf = (source: LaneSource, item: Record<string, unknown>) =>
  z.string().parse(item[source.sk]);

/** Every account id one source lists for its lane. */
export const sourceIds = async (table: string, source: LaneSource): Promise<string[]> =>
  (await queryAll(laneQuery(table, source, null))).map((item) => userIdOf(source, item));

async function idsAfter(table: string, source: LaneSource, after: string | null, limit: number) {
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      ...laneQuery(table, source, after),
      Limit: limit,
    }),
  );
  return { ids: Items.map((item) => userIdOf(source, item)), more: LastEvaluatedKey !== undefined };
}

/**
 * Up to `limit` account ids of the lane after `after`, in id order, from every source at once:
 * each source's first `limit` ids hold the merged first `limit`, since whatever a source left
 * out sorts after all it returned.
 */
export async function lanePage(table: string, lane: number, after: string | null, limit: number) {
  const pages = await Promise.all(
    laneSources(lane).map((source) => idsAfter(table, source, after, limit)),
  );
  const merged = [...new Set(pages.flatMap((page) => page.ids))].sort();
  const userIds = merged.slice(0, limit);
  return {
    userIds,
    last: userIds.at(-1) ?? null,
    exhausted: merged.length <= limit && pages.every((page) => !page.more),
  };
}

/**
 * Every account of the lane, once each, by id: the item as its first source lists it (with the
 * `attributes` named). An account in both sources (learned again before it was moved) is one.
 */
export async function laneEntries(
  table: string,
  lane: number,
  attributes: readonly string[] = [],
): Promise<Map<string, Record<string, unknown>>> {
  const entries = new Map<string, Record<string, unknown>>();
  for (const source of laneSources(lane)) {
    const items = await queryAll(laneQuery(table, source, null, attributes));
    for (const item of items) {
      const id = userIdOf(source, item);
      if (!entries.has(id)) entries.set(id, item);
    }
  }
  return entries;
}
