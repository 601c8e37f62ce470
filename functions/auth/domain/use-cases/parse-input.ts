import type { z } from 'zod';
import { AuthError } from '../errors';

/**
 * Use cases validate their own input: the HTTP handlers have already done so with the same
 * schemas, but the admin script and the demo seed call in directly.
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
      if (issue.code === 'unrecognized_keys')
        return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
  throw new AuthError('invalid_input', `invalid input: ${details}`);
}
