import type * as z from '#events/zod';
import { describeIssues } from '#shared/validation';
import { AuthError } from './errors';

/**
 * Use cases validate their own input: the HTTP handlers have already done so with the same
 * schemas, but the admin script and the demo seed call in directly.
 */
export function parseInput<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = describeIssues(result.error, 'input');
  throw new AuthError('invalid_input', `invalid input: ${details}`);
}
