import * as z from '../zod';
import { defineEvent } from '../contract';
import { publicId, roleSchema, timestamp } from '../fields';

export const userAuthorizedV1 = defineEvent({
  name: 'user.authorized',
  version: 1,
  producer: 'auth',
  consumers: [],
  description: 'A sign-in succeeded (business event). Carries no password and no token.',
  schema: z.object({ id: publicId, role: roleSchema, authorized_at: timestamp }),
});
