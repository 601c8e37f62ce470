import { userCreatedV1 } from '#events/auth/user.created.v1';
import { requiredEnv } from '#shared/config';
import { createConsumerHandler, on } from '#shared/consumer/consumer';

/**
 * The consumer of the test subscriber domain: records every user.created it receives from the
 * local bus. Shared with the test through globalThis, because the local cloud loads handler
 * files by path and need not hand both sides the same module instance.
 */
const holder = globalThis as { __atesUserCreated?: string[] };
export const receivedUserEmails = () => (holder.__atesUserCreated ??= []);

export const handler = createConsumerHandler({
  domain: 'auth',
  tableName: () => requiredEnv('AUTH_SUBSCRIBER_TABLE'),
  subscriptions: [
    on(userCreatedV1, async ({ data }) => {
      receivedUserEmails().push(data.email);
    }),
  ],
});
