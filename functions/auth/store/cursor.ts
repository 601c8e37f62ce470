import * as z from 'zod';
import { AuthError } from '../domain/errors';

/**
 * A page cursor is DynamoDB's LastEvaluatedKey of the users index, base64url-encoded so callers
 * treat it as opaque. Decoding demands exactly the key a users page ends on (a user's table key
 * and its index key); anything else (`e30`, which is `{}`) is a bad request, never a query
 * with odd keys that DynamoDB would refuse with a 500.
 */
const usersPageKey = z.strictObject({
  pk: z.string().regex(/^USER#[0-9a-f-]{36}$/),
  sk: z.literal('USER'),
  gsi1pk: z.literal('USERS'),
  gsi1sk: z.string().min(1).max(320),
});

export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const key = usersPageKey.safeParse(decoded);
  if (!key.success)
    throw new AuthError('invalid_input', 'cursor: not a cursor this API handed out');
  return key.data;
}
