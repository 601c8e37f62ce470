import { documentClient } from '#shared/dynamo';
import { deltaOf, operationOf } from './request-meter';

/** One DynamoDB operation as a run used it: how often, how many items, how long in total. */
export interface OperationProfile {
  calls: number;
  /** Items written (transactions, puts, updates, batch writes) or asked for (batch gets). */
  items: number;
  /** Summed latency of the calls, milliseconds (overlapping calls add up). */
  ms: number;
}

export interface CallProfile {
  operations: Record<string, OperationProfile>;
  /** TransactWriteItems by its number of items: `{ 5: 320, 3: 16 }`. */
  transactionSizes: Record<number, number>;
}

const itemsOf = (operation: string, input: Record<string, unknown>): number => {
  if (operation === 'TransactWriteItems') return (input.TransactItems as unknown[]).length;
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem')
    return Object.values(input.RequestItems as Record<string, unknown>).reduce<number>(
      (sum, request) =>
        sum +
        (Array.isArray(request)
          ? request.length
          : ((request as { Keys?: unknown[] }).Keys?.length ?? 0)),
      0,
    );
  if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem') return 1;
  return 0;
};

/**
 * Where a run's DynamoDB time goes: a middleware on the one client every handler shares that
 * times each call and sizes each transaction. Complements `RequestMeter` (what is billed) with
 * what is slow: many small transactions against DynamoDB Local's one-at-a-time engine show here.
 */
export class CallProfiler {
  private readonly profile: CallProfile = { operations: {}, transactionSizes: {} };

  constructor() {
    const profile = this.profile;
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const name = operationOf(String(context.commandName ?? 'unknown'));
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          const input = args.input as Record<string, unknown>;
          const items = itemsOf(name, input);
          const entry = (profile.operations[name] ??= { calls: 0, items: 0, ms: 0 });
          entry.calls += 1;
          entry.items += items;
          entry.ms += performance.now() - started;
          if (name === 'TransactWriteItems')
            profile.transactionSizes[items] = (profile.transactionSizes[items] ?? 0) + 1;
        }
      },
      { step: 'initialize', name: 'benchCallProfiler', priority: 'low', override: true },
    );
  }

  snapshot(): CallProfile {
    return structuredClone(this.profile);
  }

  /** What was profiled after `earlier`. */
  since(earlier: CallProfile): CallProfile {
    const now = this.snapshot();
    const operations: CallProfile['operations'] = {};
    for (const [name, op] of Object.entries(now.operations)) {
      const before = earlier.operations[name] ?? { calls: 0, items: 0, ms: 0 };
      if (op.calls > before.calls)
        operations[name] = {
          calls: op.calls - before.calls,
          items: op.items - before.items,
          ms: op.ms - before.ms,
        };
    }
    return {
      operations,
      transactionSizes: deltaOf(now.transactionSizes, earlier.transactionSizes),
    };
  }
}

/** One line per operation: calls, items, mean latency. */
export const describeProfile = (p: CallProfile, per: number, unit: string) => [
  ...Object.entries(p.operations)
    .sort(([, a], [, b]) => b.ms - a.ms)
    .map(
      ([name, op]) =>
        `  ${name.padEnd(14)} ${String(op.calls).padStart(8)} calls (${(op.calls / per).toFixed(2)} per ${unit})` +
        `${op.items ? `, ${op.items} items` : ''}, mean ${(op.ms / op.calls).toFixed(1)} ms`,
    ),
  `  transactions by size: ${Object.entries(p.transactionSizes)
    .map(([size, n]) => `${n}×${size}`)
    .join(', ')}`,
];
