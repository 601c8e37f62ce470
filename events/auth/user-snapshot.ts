import * as z from '../zod';
import { publicId, revision, roleSchema, timestamp } from '../fields';

/**
 * Every user CUD event carries the whole user at one revision, so a replica that keeps the
 * highest revision is correct whatever order the events arrive in.
 */
export const userSnapshot = z.object({
  id: publicId,
  email: z.email(),
  name: z.string().check(z.minLength(1)),
  role: roleSchema,
  active: z.boolean(),
  revision,
  changed_at: timestamp,
});
