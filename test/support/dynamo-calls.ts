import { randomUUID } from 'node:crypto';
import { documentClient } from '#shared/dynamo';

/** One DynamoDB call a handler sent: its operation (`BatchGetItem`) and its input. */
export type DynamoCall = { operation: string; input: Record<string, unknown> };

/** Every DynamoDB call the process sends while `run` runs, in the order they were sent. */
export async function callsDuring(run: () => Promise<unknown>): Promise<DynamoCall[]> {
  const calls: DynamoCall[] = [];
  const name = `calls-${randomUUID()}`;
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      calls.push({ operation, input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await run();
  } finally {
    documentClient.middlewareStack.remove(name);
  }
  return calls;
}

/** Of `calls`, the reads (items by key, and queries). */
export const readsOf = (calls: readonly DynamoCall[]) =>
  calls.filter((c) => ['GetItem', 'BatchGetItem', 'Query'].includes(c.operation));
