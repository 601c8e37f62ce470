import { defineEvent } from '../contract';
import * as z from '../zod';
import { roleSchema } from '../fields';
import { userSnapshot } from './user-snapshot';

export const userRoleChangedV1 = defineEvent({
  name: 'user.role_changed',
  version: 1,
  producer: 'auth',
  consumers: ['tasker', 'accounting', 'analytics'],
  description: "An admin changed an employee's role (CUD).",
  schema: z.extend(userSnapshot, { previous_role: roleSchema }),
});
