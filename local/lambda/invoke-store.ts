import { InvokeStore } from '@aws/lambda-invoke-store';

/**
 * The Lambda invoke store of this process, claimed multi-context as soon as the local cloud's
 * code loads. The store is one per process and whoever asks first decides its kind: the AWS
 * SDK asks, without forcing, on its first request, and `AWS_LAMBDA_MAX_CONCURRENCY` is only in
 * the environment once a cloud has started. A single-context store keeps one context for the
 * whole process, so overlapping invocations overwrite each other's state: Powertools' batch
 * processor then answered one batch with another's records, and the queue deleted messages
 * nobody had applied (a quarter of the fees and rewards of a bench run were lost that way).
 */
const claimed = InvokeStore.getInstanceAsync(true);

const probe = Symbol('ates.local.invoke-store-probe');
let checked: Promise<void> | undefined;

/** The store every invocation runs in; refuses to run at all if it cannot keep them apart. */
export async function invocationStore() {
  const store = await claimed;
  checked ??= keepsOverlappingContextsApart(store);
  await checked;
  return store;
}

async function keepsOverlappingContextsApart(store: Awaited<typeof claimed>) {
  const seen = await Promise.all(
    [1, 2].map((n) =>
      store.run({ [probe]: n }, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return store.get(probe);
      }),
    ),
  );
  if (seen[0] !== 1 || seen[1] !== 2) {
    throw new Error(
      'the Lambda invoke store of this process is single-context: something asked for it ' +
        'before local/lambda/invoke-store.ts loaded, so overlapping invocations would share ' +
        "one context (Powertools' batch state, a logger's keys). Import the local cloud before " +
        'making any AWS SDK call in this process.',
    );
  }
}
