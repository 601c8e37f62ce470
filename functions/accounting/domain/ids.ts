import { createHash } from 'node:crypto';

/**
 * A UUID derived from a name (RFC 4122 version 5 layout over SHA-1): the same fact always gets
 * the same id, so a fee per assignment, a reward per task and a payout per (account, day) are
 * each written at most once, whichever event or retry gets there.
 */
export function uuidOf(name: string): string {
  const hash = createHash('sha1').update(`ates.accounting:${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const feeId = (assignmentId: string) => uuidOf(`fee:${assignmentId}`);
export const rewardId = (taskId: string) => uuidOf(`reward:${taskId}`);
export const payoutId = (userId: string, date: string) => uuidOf(`payout:${userId}:${date}`);

/** A stable small number from a string: which shard an account or a movement's figures use. */
export function shardOf(key: string, shards: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % shards;
}
