import type * as z from 'zod';

/**
 * One readable line from a zod error, naming each field:
 * `title: Too small: expected string to have >=1 characters; extra: unknown field(s) colour`.
 * Pure, so domain code can use it as well as the HTTP middleware.
 */
export function describeIssues(error: z.ZodError, subject = 'request'): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : subject;
      if (issue.code === 'unrecognized_keys') {
        return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
