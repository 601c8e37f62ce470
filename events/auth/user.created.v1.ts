import { defineEvent } from '../contract';
import { userSnapshot } from './user-snapshot';

export const userCreatedV1 = defineEvent({
  name: 'user.created',
  version: 1,
  producer: 'auth',
  consumers: ['tasker', 'accounting', 'analytics'],
  description: 'An admin created an employee account (CUD).',
  schema: userSnapshot,
});
