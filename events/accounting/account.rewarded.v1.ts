import { defineEvent } from '../contract';
import { accountMovement } from './movement';

export const accountRewardedV1 = defineEvent({
  name: 'account.rewarded',
  version: 1,
  producer: 'accounting',
  consumers: ['analytics'],
  description:
    "The completion reward was credited to the employee who completed the task, once per task: `at` is the task's completion time and `business_date` its business day.",
  schema: accountMovement,
});
