import * as z from '#events/zod';

/**
 * `{id}` in a route path: only a UUID can name anything in aTES, so anything else is a 400
 * that says what was expected (`must be a task id (a UUID)`).
 */
export const idParams = (what: string) => z.object({ id: z.uuid(`must be ${what} id (a UUID)`) });
