import { defineEvent } from '../contract';
import { accountMovement } from './movement';

export const accountRewardedV1 = defineEvent({
  name: 'account.rewarded',
  version: 1,
  producer: 'accounting',
  consumers: ['analytics'],
  description: 'The completion reward was credited to the employee who completed the task.',
  schema: accountMovement,
});
