import { createConsumerHandler } from '#shared/consumer/consumer';
import { tableName } from '../store/keys';
import { taskerReactions } from '../use-cases/reactions';
import { taskerDeps } from '../wiring';

/** Tasker's queue · the events service.ts subscribes to · each applied once, failures retried. */
export const makeTaskerConsumer = (deps = taskerDeps) =>
  createConsumerHandler({ domain: 'tasker', tableName, subscriptions: taskerReactions(deps) });

export const handler = makeTaskerConsumer();
