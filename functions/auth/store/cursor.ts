import * as z from '#events/zod';
import {
  cursorKeyPart,
  decodeCursor as decodePageCursor,
  encodeCursor,
  invalidCursor,
} from '#shared/page-cursor';

/**
 * A page cursor is DynamoDB's LastEvaluatedKey of the users index, base64url-encoded so callers
 * treat it as opaque. Decoding demands exactly the key a users page ends on (a user's table key
 * and its index key); anything else (`e30`, which is `{}`) is `invalidCursor()`, never a query
 * with odd keys that DynamoDB would refuse with a 500.
 */
const usersPageKey = z.strictObject({
  pk: z.string().check(z.regex(/^USER#[0-9a-f-]{36}$/)),
  sk: z.literal('USER'),
  gsi1pk: z.literal('USERS'),
  gsi1sk: cursorKeyPart.check(z.maxLength(320)),
});

export const encodeUsersCursor = (key: Record<string, unknown> | undefined) =>
  key ? encodeCursor(key) : undefined;

export function decodeUsersCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const key = decodePageCursor(cursor, usersPageKey);
  if (!key) throw invalidCursor();
  return key;
}
