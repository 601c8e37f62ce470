import { AsyncLocalStorage } from 'node:async_hooks';
import { realNow } from '../clock/business-clock';

/** One line a function printed during an invocation, as CloudWatch Logs would keep it. */
export interface FunctionLogLine {
  /** `ates-<domain>-<name>`, as infra names the function (and its log group). */
  function: string;
  /** The invocation's `awsRequestId`. */
  requestId: string;
  /** When the cloud read it (the machine's clock, as CloudWatch's ingestion time). */
  at: string;
  /** The line as printed: Powertools' JSON, or whatever else the function wrote. */
  text: string;
}

/** A line parsed, when it is JSON (every Powertools line is). */
export const fieldsOf = (line: FunctionLogLine): Record<string, unknown> | undefined => {
  if (!line.text.startsWith('{')) return undefined;
  try {
    return JSON.parse(line.text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** Which function an output line belongs to, and what else wants to see it. */
interface Invocation {
  function: string;
  requestId: string;
  logs: FunctionLogs;
  /** Lines collected for the caller that ran the invocation (see `collecting`). */
  collected?: FunctionLogLine[];
}

const invocations = new AsyncLocalStorage<Invocation>();

/**
 * The log group of every function of one cloud, in memory: the lines the functions print while
 * they run (local/metrics/stdout-tap.ts routes them here by the invocation they belong to)
 * instead of the terminal, so a test run stays quiet and a developer still follows a request
 * (`GET /_local/logs?correlation_id=`). The newest `capacity` lines are kept.
 */
export class FunctionLogs {
  private readonly lines: FunctionLogLine[] = [];

  constructor(
    private readonly capacity = 20_000,
    /** Also shown on the terminal (npm start: warnings and errors); none by default. */
    private readonly echo?: (line: FunctionLogLine) => void,
  ) {}

  /** Runs one invocation: what it prints while `work` runs is its log. */
  invocation<T>(functionName: string, requestId: string, work: () => T): T {
    const outer = invocations.getStore();
    return invocations.run(
      { function: functionName, requestId, logs: this, collected: outer?.collected },
      work,
    );
  }

  /**
   * Runs `work` (which invokes a function) and hands back, with its outcome, the lines the
   * invocations inside it printed: what the gateway shows when a route answered 5xx.
   */
  async collecting<T>(
    work: () => Promise<T>,
  ): Promise<{ lines: FunctionLogLine[] } & ({ value: T } | { error: unknown })> {
    const lines: FunctionLogLine[] = [];
    const outer = invocations.getStore();
    const context = outer ? { ...outer, collected: lines } : undefined;
    const run = () =>
      work().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    const outcome = context
      ? await invocations.run(context, run)
      : await invocations.run({ function: '', requestId: '', logs: this, collected: lines }, run);
    return { lines, ...outcome };
  }

  /** Lines whose `correlation_id` is `id`, oldest first; every line when `id` is undefined. */
  find(filter: { correlationId?: string; function?: string } = {}): FunctionLogLine[] {
    return this.lines.filter(
      (line) =>
        (filter.function === undefined || line.function === filter.function) &&
        (filter.correlationId === undefined ||
          fieldsOf(line)?.correlation_id === filter.correlationId),
    );
  }

  private keep(line: FunctionLogLine, collected?: FunctionLogLine[]) {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    collected?.push(line);
    // Outside the invocation, so what the echo prints is not taken for the function's line.
    if (this.echo) invocations.exit(() => this.echo!(line));
  }

  /**
   * The sink of the invocation running now, if any: a line printed there is that function's.
   * Outside an invocation (the cloud's own output, a test's) there is none.
   */
  static sinkOfCurrentInvocation(): ((text: string) => void) | undefined {
    const invocation = invocations.getStore();
    if (!invocation?.function) return undefined;
    return (text) =>
      invocation.logs.keep(
        {
          function: invocation.function,
          requestId: invocation.requestId,
          at: new Date(realNow()).toISOString(),
          text,
        },
        invocation.collected,
      );
  }
}
