import { Logger } from '@aws-lambda-powertools/logger';
import type {
  LogAttributes,
  LogItemExtraInput,
  LogItemMessage,
} from '@aws-lambda-powertools/logger/types';
import { contextSlot } from './async-context';
import { mapStackTracesOnDemand } from './source-mapped-stacks';

// Every function imports the logger, and its logs are where stack traces are read: from here on
// a stack names the TypeScript sources, the source map read only when the first one is printed.
mapStackTracesOnDemand();

/** The keys of the work running now (one record of a batch), per async context. */
const contextKeys = contextSlot<LogAttributes>('log keys');

/**
 * Runs `work` with `keys` on every log line it writes, whatever it awaits, and only there.
 * Powertools' `appendKeys` is one slot per process (per invocation under Lambda's managed
 * concurrency): records of one batch that run at once, or the local cloud's batches at once in
 * one process, would overwrite each other's `correlation_id`. Nested runs add to the outer keys.
 */
export function withLogKeys<T>(keys: LogAttributes, work: () => Promise<T>): Promise<T> {
  return contextKeys.run({ ...contextKeys.getStore(), ...keys }, work);
}

/** Powertools' Logger, with the running context's keys (`withLogKeys`) on each line it writes. */
class ContextLogger extends Logger {
  protected override createAndPopulateLogItem(
    logLevel: number,
    input: LogItemMessage,
    extraInput: LogItemExtraInput,
  ) {
    const keys = contextKeys.getStore();
    // First among the extras, which Powertools merges in order: what a line names still wins.
    const extras = keys ? ([keys, ...extraInput] as LogItemExtraInput) : extraInput;
    return super.createAndPopulateLogItem(logLevel, input, extras);
  }
}

/** Structured JSON logs; the service name comes from POWERTOOLS_SERVICE_NAME. */
export const logger: Logger = new ContextLogger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'ates',
});
