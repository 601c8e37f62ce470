import * as z from 'zod';
import { AuthError } from '../domain/errors';

/**
 * A page cursor is DynamoDB's LastEvaluatedKey, base64url-encoded so callers treat it as opaque.
 * Decoding checks its shape: a forged cursor is a bad request, not a query with odd keys.
 */
const keyShape = z.record(z.string(), z.string());

export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return keyShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AuthError('invalid_input', 'cursor: not a cursor this API handed out');
  }
}
