import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One async context for everything the functions keep per invocation or per record (its
 * deadline, its metrics buffer, a record's log keys), a slot for each. Node (20) copies every
 * AsyncLocalStorage's value onto every promise the process creates, so each storage is a tax on
 * every await of the AWS SDK's request path; three storages cost a handler's awaits about half
 * as much again as one (docs/performance.md, "Where Node's CPU per task goes").
 */
const frames = new AsyncLocalStorage<Readonly<Record<symbol, unknown>>>();

/** One value carried through every await of the work run with it, as an AsyncLocalStorage. */
export interface ContextSlot<T> {
  /** The value the running work was given, or undefined outside `run`. */
  getStore(): T | undefined;
  /** Runs `work` with `value` in this slot; every other slot keeps the value it has here. */
  run<R>(value: T, work: () => R): R;
}

/** A slot of the one async context; `name` only tells slots apart when debugging. */
export function contextSlot<T>(name: string): ContextSlot<T> {
  const key = Symbol(name);
  return {
    getStore: () => frames.getStore()?.[key] as T | undefined,
    run: (value, work) => frames.run({ ...frames.getStore(), [key]: value }, work),
  };
}
