import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';
import { pause } from '#shared/time/pause';
import { CLOSE_LANES } from '../domain/close';
import { laneKeys, SET_LANE_KEYS } from './account-store';
import { keys, oldLaneIndex } from './keys';
import { laneSources, sourceIds } from './lane-members';

export interface LaneMoveResult {
  /** Accounts that left the old lane partition of `gsi1` in this run. */
  moved: number;
  /** Accounts given the lane index's keys whose entry the index did not list yet: run again. */
  waiting: number;
}

/** How often a lane's accounts not yet listed by the lane index are looked for again. */
const LOOKS = 5;
const LOOK_AGAIN_MS = 1_000;

/** A conditional update whose condition no longer holds: another run moved the account first. */
async function unlessMovedMeanwhile(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Each write's condition: the account still carries the old lane keys (`:old`). */
const STILL_IN_OLD_LANE = 'gsi1pk = :old';

/**
 * Moves one lane's accounts written before the lane index (keys in `gsi1`) onto it, in two steps
 * so the close, which reads both (lane-members.ts), finds every account at every moment:
 * 1. every account of the old partition gets the lane index's keys (one put into that index);
 * 2. an account the lane index lists loses its old keys (one last delete from `gsi1`): never
 *    before, since a GSI is written after the table and read eventually consistent.
 * Safe to repeat and to run beside the live system: each write is conditional on the account
 * still carrying the old keys, and lane keys never change once set.
 */
async function moveLane(table: string, lane: number): Promise<LaneMoveResult> {
  const [lanes, old] = laneSources(lane);
  let left = await sourceIds(table, old);
  for (const userId of left)
    await unlessMovedMeanwhile(
      documentClient.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.account(userId),
          UpdateExpression: `SET ${SET_LANE_KEYS}`,
          ConditionExpression: STILL_IN_OLD_LANE,
          ExpressionAttributeValues: { ':old': oldLaneIndex.pk(lane), ...laneKeys(userId) },
        }),
      ),
    );
  let moved = 0;
  for (let look = 1; left.length > 0; look++) {
    const listed = new Set(await sourceIds(table, lanes));
    for (const userId of left.filter((id) => listed.has(id)))
      if (
        await unlessMovedMeanwhile(
          documentClient.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.account(userId),
              UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
              ConditionExpression: STILL_IN_OLD_LANE,
              ExpressionAttributeValues: { ':old': oldLaneIndex.pk(lane) },
            }),
          ),
        )
      )
        moved++;
    left = left.filter((id) => !listed.has(id));
    if (left.length === 0 || look === LOOKS) break;
    await pause(LOOK_AGAIN_MS);
  }
  return { moved, waiting: left.length };
}

/** Every lane moved, side by side; `progress` hears each lane's result. */
export async function moveLanes(
  table: string,
  progress: (lane: number, result: LaneMoveResult) => void = () => {},
): Promise<LaneMoveResult> {
  const results = await Promise.all(
    Array.from({ length: CLOSE_LANES }, async (_, lane) => {
      const result = await moveLane(table, lane);
      progress(lane, result);
      return result;
    }),
  );
  return {
    moved: results.reduce((sum, r) => sum + r.moved, 0),
    waiting: results.reduce((sum, r) => sum + r.waiting, 0),
  };
}
