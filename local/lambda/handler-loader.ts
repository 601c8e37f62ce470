import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runAsCloud, runAsFunction } from '../iam/enforcement';
import { InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { FunctionLogs } from './function-logs';
import { invocationStore } from './invoke-store';
import { lambdaContext } from './lambda-context';
import { contentsOf } from './invocation-contents';

/** Any Lambda handler: the local cloud only ever passes an event and a context. */
export type LambdaHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => unknown;

/** The declared handler file is not there (yet): the route or queue answers with this message. */
export class HandlerUnavailableError extends Error {
  constructor(
    message: string,
    readonly code: 'handler_missing' | 'handler_failed_to_load',
  ) {
    super(message);
    this.name = 'HandlerUnavailableError';
  }
}

/**
 * Loads handlers by the repo-relative path their declaration names, on first use. Lazy on
 * purpose: a domain whose handlers are not written yet must not stop the rest of the cloud, and
 * the process environment must be complete before a handler module builds its SDK clients.
 * Failed loads are not cached, so a handler file that appears later works without a restart.
 */
/** A function as infra deploys it: `ates-<domain>-<name>`. */
export interface FunctionId {
  domain: string;
  name: string;
}

export class HandlerLoader {
  private readonly loaded = new Map<string, Promise<LambdaHandler>>();
  private readonly endListeners: ((fn: FunctionId) => void)[] = [];
  /**
   * The longest invocation of each function so far (`ates-<domain>-<name>`), in milliseconds of
   * wall time, as Lambda's timeout counts it: how close a function came to its timeout.
   */
  readonly longestMs = new Map<string, number>();
  /** What each function's longest invocation carried (a batch's event names: contentsOf). */
  readonly longestCarried = new Map<string, string>();

  constructor(
    private readonly root: string,
    /** Where what the functions print goes (the cloud's); without one it goes to the terminal. */
    private readonly logs?: FunctionLogs,
  ) {}

  /**
   * Calls `listener` each time an invocation ends, failed or not (the stream pollers poll the
   * domain's table then: whatever the handler wrote is on its stream by now).
   */
  onInvocationEnd(listener: (fn: FunctionId) => void) {
    this.endListeners.push(listener);
  }

  load(file: string): Promise<LambdaHandler> {
    let handler = this.loaded.get(file);
    if (!handler) {
      handler = this.importHandler(file);
      this.loaded.set(file, handler);
      handler.catch(() => this.loaded.delete(file));
    }
    return handler;
  }

  /**
   * Invokes a handler as Lambda would: the event, a fresh context, the awaited result. The
   * handler runs as its function (local/iam): each AWS call it makes is judged against that
   * function's own policy; the listeners run as the cloud again.
   *
   * Invocations overlap in this one process, as on a Lambda Managed Instance (many requests per
   * execution environment): each runs in its own Lambda invoke store, as that runtime runs them,
   * so what Powertools keeps per invocation (a logger's appended keys, the batch processor's
   * records) is the invocation's own (`AWS_LAMBDA_MAX_CONCURRENCY`, local/environment.ts).
   */
  async invoke(file: string, fn: FunctionId, event: unknown, timeoutSeconds?: number) {
    const name = `ates-${fn.domain}-${fn.name}`;
    const requestId = randomUUID();
    const store = await invocationStore();
    const run = () =>
      store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId }, () =>
        runAsFunction(name, async () => {
          const handler = await this.load(file);
          return handler(event, lambdaContext(name, timeoutSeconds, requestId));
        }),
      );
    const started = performance.now();
    try {
      return await (this.logs ? this.logs.invocation(name, requestId, run) : run());
    } finally {
      const ms = performance.now() - started;
      if (ms > (this.longestMs.get(name) ?? 0)) {
        this.longestMs.set(name, ms);
        const carried = contentsOf(event);
        if (carried) this.longestCarried.set(name, carried);
        else this.longestCarried.delete(name);
      }
      runAsCloud(() => {
        for (const listener of this.endListeners) listener(fn);
      });
    }
  }

  private async importHandler(file: string): Promise<LambdaHandler> {
    const path = resolve(this.root, file);
    if (!existsSync(path)) {
      throw new HandlerUnavailableError(
        `handler file ${file} does not exist (yet)`,
        'handler_missing',
      );
    }
    let module: { handler?: unknown };
    try {
      module = await import(pathToFileURL(path).href);
    } catch (error) {
      throw new HandlerUnavailableError(
        `handler file ${file} failed to load: ${(error as Error).message}`,
        'handler_failed_to_load',
      );
    }
    if (typeof module.handler !== 'function') {
      throw new HandlerUnavailableError(
        `handler file ${file} does not export a function named "handler"`,
        'handler_failed_to_load',
      );
    }
    return module.handler as LambdaHandler;
  }
}
