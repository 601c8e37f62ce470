import * as z from '../zod';
import { defineEvent } from '../contract';
import { timestamp } from '../fields';

export const userDeniedV1 = defineEvent({
  name: 'user.denied',
  version: 1,
  producer: 'auth',
  consumers: [],
  description: 'A sign-in was refused (business event). Carries no password.',
  schema: z.object({
    email: z.string().check(z.maxLength(320)),
    reason: z.enum(['bad_credentials', 'inactive', 'locked_out']),
    denied_at: timestamp,
  }),
});
