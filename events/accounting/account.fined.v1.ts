import { defineEvent } from '../contract';
import { accountMovement } from './movement';

export const accountFinedV1 = defineEvent({
  name: 'account.fined',
  version: 1,
  producer: 'accounting',
  consumers: ['analytics'],
  description: 'The assignment fee was debited from the assignee (amount_cents is negative).',
  schema: accountMovement,
});
