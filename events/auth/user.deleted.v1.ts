import { defineEvent } from '../contract';
import { userSnapshot } from './user-snapshot';

export const userDeletedV1 = defineEvent({
  name: 'user.deleted',
  version: 1,
  producer: 'auth',
  consumers: ['tasker', 'accounting', 'analytics'],
  description: 'An admin deactivated an employee; their history stays (CUD, `active: false`).',
  schema: userSnapshot,
});
