import { defineEvent } from '../contract';
import { userSnapshot } from './user-snapshot';

export const userUpdatedV1 = defineEvent({
  name: 'user.updated',
  version: 1,
  producer: 'auth',
  consumers: ['tasker', 'accounting', 'analytics'],
  description: "An admin changed an employee's name or e-mail (CUD).",
  schema: userSnapshot,
});
