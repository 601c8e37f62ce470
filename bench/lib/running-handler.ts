import { AsyncLocalStorage } from 'node:async_hooks';
import { HandlerLoader } from '../../local/lambda/handler-loader';

type LoadedFunction = Parameters<HandlerLoader['invoke']>[1];

/** Told when a local cloud's handler invocation starts and ends (its wall milliseconds). */
export interface InvocationWatcher {
  started?(fn: LoadedFunction): void;
  ended?(fn: LoadedFunction, ms: number): void;
}

const running = new AsyncLocalStorage<string>();
const watchers = new Set<InvocationWatcher>();
let wrapped = false;

/**
 * Watches the local cloud's handler invocations, and names the running one for whatever runs
 * inside it (`runningHandler()`). The bench's meters share one wrapper of
 * `HandlerLoader.invoke`, installed by the first of them.
 */
export function watchInvocations(watcher: InvocationWatcher): void {
  watchers.add(watcher);
  if (wrapped) return;
  wrapped = true;
  const invoke = HandlerLoader.prototype.invoke;
  HandlerLoader.prototype.invoke = async function (this: HandlerLoader, ...args) {
    const fn = args[1];
    const started = performance.now();
    for (const w of watchers) w.started?.(fn);
    try {
      return await running.run(`${fn.domain}.${fn.name}`, () => invoke.apply(this, args));
    } finally {
      const ms = performance.now() - started;
      for (const w of watchers) w.ended?.(fn, ms);
    }
  };
}

/** The handler running here (`analytics.consumer`, `tasker.create-task`), or `outside a handler`. */
export const runningHandler = (): string => running.getStore() ?? 'outside a handler';
