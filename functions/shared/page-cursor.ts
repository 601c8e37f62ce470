import * as z from '#events/zod';
import { Refusal } from './refusal';

/**
 * Page cursors: the key a DynamoDB page ended on (LastEvaluatedKey, with whatever a list adds),
 * JSON in base64url so callers treat it as opaque. A cursor comes back from the caller, so it is
 * decoded against the exact shape its list hands out: a forged one (`{}`, an empty `sk`, another
 * list's key) is a 400, never an ExclusiveStartKey that DynamoDB refuses with a 500.
 */

/** Longest cursor a route accepts (docs/openapi.json `PageCursor`); ours are a few hundred. */
export const MAX_CURSOR_LENGTH = 2048;

/** The `cursor` query parameter: a non-empty string of at most MAX_CURSOR_LENGTH characters. */
export const cursorField = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_CURSOR_LENGTH, `must be at most ${MAX_CURSOR_LENGTH} characters`),
  );

/**
 * A key attribute a cursor carries: DynamoDB refuses an empty key value, and a sort key over
 * 1024 bytes; base64url of MAX_CURSOR_LENGTH characters holds far less than that anyway.
 */
export const cursorKeyPart = z.string().check(z.minLength(1), z.maxLength(1024));

export const encodeCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The cursor's content if it has `schema`'s shape, else undefined (say why in the caller's words). */
export function decodeCursor<Schema extends z.ZodMiniType>(
  text: string,
  schema: Schema,
): z.infer<Schema> | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(decoded);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The one refusal of a cursor a list did not hand out (forged, another list's, another scope's),
 * in every domain: 400 `invalid_cursor`.
 */
export const invalidCursor = () =>
  new Refusal(
    'malformed',
    'invalid_cursor',
    'the cursor is not one this list handed out; ask for the first page again',
  );
