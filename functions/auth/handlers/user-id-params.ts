import * as z from 'zod';

/** `{id}` in /auth/users/{id}: anything but a UUID cannot name a user, so it is a 400. */
export const userIdParams = z.object({ id: z.uuid('must be a user id (a UUID)') });
