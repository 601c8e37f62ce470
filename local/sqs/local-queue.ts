// Long because one queue and its Lambda mapping (batches, concurrency, visibility, receives, timeouts, dead letters) is one state machine.
import type { SQSBatchResponse } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { DeadLetterStore } from './dead-letters';
import { realNow } from '../clock/business-clock';
import type { CloudLog } from '../cloud/log';
import type { QueueFile, StoredMessage } from './queue-file';
import { receiptHandleOf, sqsEventOf } from './sqs-event';

export interface QueueOptions {
  domain: string;
  queueArn: string;
  batchSize: number;
  maxReceiveCount: number;
  /**
   * The queue's visibility timeout: a received message stays invisible this long from the
   * moment it was received, so a failed one is handed out again only then.
   */
  visibilityTimeoutMs: number;
  /** The consumer function's timeout: an invocation still running then has failed its batch. */
  timeoutMs: number;
  /** Batches in flight at once: the event source mapping's maximum concurrency. */
  maxConcurrency: number;
  /** Runs the domain's consumer on one SQS event. */
  consume: (event: ReturnType<typeof sqsEventOf>) => Promise<unknown>;
  deadLetters: DeadLetterStore;
  log: CloudLog;
  /** Where the messages persist across restarts; in memory without it. */
  file?: QueueFile;
}

type Message = StoredMessage;

/**
 * The in-process stand-in for a domain's SQS queue and its Lambda event source mapping: batches
 * of up to `batchSize`, up to `maxConcurrency` batches in flight at once, partial batch failures
 * honoured, an invocation that outlives the function timeout failed, a received message
 * invisible until its visibility timeout has passed since the receive, and moved to the
 * dead-letter store once it has been received `maxReceiveCount` times.
 */
export class LocalQueue {
  private messages: Message[];
  /** Ids of the messages a running batch holds. */
  private readonly inFlight = new Set<string>();
  private readonly deliveries = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** Until `start()`, messages are kept (restored, sent) but none is handed out. */
  private started = false;
  private stopped = false;
  /** The event source mapping's `Enabled`: while false no batch is received (`disable()`). */
  private mappingEnabled = true;
  /** Hard-stopped: nothing more is written, as if the process had died. */
  private frozen = false;
  private failed = 0;
  private waitedOut = 0;
  private deleted = 0;
  /** Messages whose visibility a consumer changed since their last receive (a hand-back). */
  private readonly handedBack = new Set<string>();

  constructor(readonly options: QueueOptions) {
    this.messages = options.file?.load() ?? [];
  }

  /**
   * Starts handing messages out, as an event source mapping does once it is enabled. The cloud
   * calls it when the consumer's tables and environment are in place: a message restored from
   * `.ates/` and delivered before that fails for nothing and uses up a receive (issue 21).
   */
  start() {
    if (this.started || this.stopped) return;
    this.started = true;
    this.wake(0);
  }

  get domain() {
    return this.options.domain;
  }

  /**
   * UpdateEventSourceMapping with `Enabled: false`: the mapping stops polling, so what is sent
   * stays in the queue, visible and never received, until `enable()`. Batches in flight finish
   * (their messages are deleted or left to their visibility timeout as usual): disabling stops
   * receives, not the invocations it already made. The bench holds a consumer's queue with it
   * to time that consumer draining a backlog alone.
   */
  disable() {
    this.mappingEnabled = false;
    clearTimeout(this.timer);
  }

  /** `Enabled: true` again: polling resumes where it stopped, every held message is received. */
  enable() {
    this.mappingEnabled = true;
    this.wake(0);
  }

  get enabled() {
    return this.mappingEnabled;
  }

  /** Enqueues a message; delivery is asynchronous, as with a real queue. */
  send(body: string, id: string = randomUUID()) {
    const message = { id, body, receiveCount: 0, sentAt: Date.now(), visibleAt: 0 };
    this.messages.push(message);
    this.persist((file) => file.put(message));
    this.wake(0);
  }

  /** Messages waiting or in flight. */
  get depth() {
    return this.messages.length;
  }

  /** Batches being processed right now. */
  get batchesInFlight() {
    return this.deliveries.size;
  }

  /**
   * Receives that failed so far (the batch failed, or its record was reported): each one left
   * its message invisible until the visibility timeout, so a few of them explain a slow run.
   */
  get failedReceives() {
    return this.failed;
  }

  /** Messages the consumer processed, deleted from the queue by the mapping (dead letters aside). */
  get deletedMessages() {
    return this.deleted;
  }

  /**
   * Receives of a message that had waited out its whole visibility timeout: it failed (or its
   * invocation died) and no consumer handed it back sooner with ChangeMessageVisibility. On AWS
   * each one is a 12-minute wait for Accounting; a close under throttling should show none.
   */
  get visibilityTimeoutsWaited() {
    return this.waitedOut;
  }

  /**
   * SQS ChangeMessageVisibility, by AWS's rules (API reference, "ChangeMessageVisibility"): the
   * receipt handle must be the one of the message's latest receive, the message must be in
   * flight (received, not yet visible again nor deleted), the new timeout is 0 to 43,200 s from
   * now, and a message's total visibility since its receive may not pass 12 hours.
   */
  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number) {
    const seconds = visibilityTimeoutSeconds;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_VISIBILITY_SECONDS) {
      throw new SqsError(
        'InvalidParameterValue',
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and ${MAX_VISIBILITY_SECONDS}.`,
      );
    }
    const message = this.messages.find((m) => receiptHandleOf(m) === receiptHandle);
    if (!message) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`,
      );
    }
    const now = realNow();
    if (message.visibleAt <= now) {
      throw new SqsError(
        'MessageNotInflight',
        'Message does not exist or is not available for visibility timeout change.',
      );
    }
    const receivedAt = message.receivedAt ?? now;
    if (now + seconds * 1000 - receivedAt > MAX_VISIBILITY_SECONDS * 1000) {
      throw new SqsError(
        'InvalidParameterValue',
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds].`,
      );
    }
    message.visibleAt = now + seconds * 1000;
    this.handedBack.add(message.id);
    this.persist((file) => file.put(message));
    // A running batch still holds it; once that ends, pump() sees the new time.
    if (!this.inFlight.has(message.id)) this.wake(0);
  }

  get idle() {
    return this.messages.length === 0 && this.deliveries.size === 0;
  }

  /**
   * Nothing happens here until something is sent or the mapping enabled: idle, or disabled with
   * no batch running (its messages wait for `enable()`). What `settled()` waits for.
   */
  get quiet() {
    return this.idle || (!this.mappingEnabled && this.deliveries.size === 0);
  }

  /**
   * Stops receiving. By default waits for the batches in flight; `hard` leaves them as a killed
   * process would: their outcome is never written, so the messages are received again after a
   * restart.
   */
  async stop(options: { hard?: boolean } = {}) {
    this.stopped = true;
    this.frozen = Boolean(options.hard);
    clearTimeout(this.timer);
    if (!options.hard) await Promise.all(this.deliveries);
  }

  private wake(delayMs: number) {
    if (!this.started || this.stopped || !this.mappingEnabled) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), Math.max(0, delayMs));
  }

  private pump() {
    if (this.stopped || !this.mappingEnabled) return;
    // Visibility is the queue's own wait, on the machine's time: moving the business clock
    // (local/business-clock.ts) must not hand a message out early.
    const now = realNow();
    const waiting = () => this.messages.filter((m) => !this.inFlight.has(m.id));
    while (this.deliveries.size < this.options.maxConcurrency) {
      const batch = waiting()
        .filter((m) => m.visibleAt <= now)
        .slice(0, this.options.batchSize);
      if (batch.length === 0) break;
      this.receive(batch, now);
    }
    const next = Math.min(...waiting().map((m) => m.visibleAt));
    if (Number.isFinite(next) && this.deliveries.size < this.options.maxConcurrency) {
      this.wake(next - now);
    }
  }

  private receive(batch: Message[], now: number) {
    for (const message of batch) {
      this.inFlight.add(message.id);
      if (message.receiveCount > 0 && !this.handedBack.has(message.id)) this.waitedOut += 1;
      this.handedBack.delete(message.id);
      message.receiveCount += 1;
      message.firstReceivedAt ??= Date.now();
      message.receivedAt = now;
      message.visibleAt = now + this.options.visibilityTimeoutMs;
      this.persist((file) => file.put(message));
    }
    const delivery: Promise<void> = this.deliver(batch).finally(() => {
      this.deliveries.delete(delivery);
      this.wake(0);
    });
    this.deliveries.add(delivery);
  }

  private async deliver(batch: Message[]) {
    const failures = await this.failuresOf(batch);
    if (this.frozen) return;
    for (const message of batch) {
      this.inFlight.delete(message.id);
      const error = failures.get(message.id);
      if (error !== undefined) this.failed += 1;
      if (error === undefined) {
        this.remove(message);
        this.deleted += 1;
      } else if (message.receiveCount >= this.options.maxReceiveCount) {
        this.remove(message);
        this.deadLetter(message, error);
      }
      // Otherwise it stays invisible until its visibility timeout, counted from the receive.
    }
  }

  /** Which messages of the batch failed, and why, by message id. */
  private async failuresOf(batch: Message[]): Promise<Map<string, string>> {
    let response: unknown;
    try {
      response = await this.invokeWithTimeout(sqsEventOf(batch, this.options.queueArn));
    } catch (error) {
      return wholeBatchFailed(batch, error);
    }
    const reported = (response as SQSBatchResponse | undefined)?.batchItemFailures ?? [];
    const ids = new Set(batch.map((m) => m.id));
    // Lambda treats a failure it cannot map to a message of the batch as a failed batch.
    if (reported.some((f) => !f.itemIdentifier || !ids.has(f.itemIdentifier))) {
      return wholeBatchFailed(batch, new Error('batchItemFailures named an unknown message'));
    }
    const reason = 'reported in batchItemFailures; the consumer log has the error';
    return new Map(reported.map((f) => [f.itemIdentifier, reason]));
  }

  /**
   * Lambda ends an invocation at the function timeout and the mapping counts the batch as failed.
   * In-process code cannot be killed, so the late invocation runs on; its result is ignored.
   */
  private invokeWithTimeout(event: ReturnType<typeof sqsEventOf>): Promise<unknown> {
    const { timeoutMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TaskTimedOutError(timeoutMs)), timeoutMs);
    });
    const invocation = Promise.resolve().then(() => this.options.consume(event));
    invocation.catch(() => undefined); // a late failure after the timeout is not unhandled
    return Promise.race([invocation, timedOut]).finally(() => clearTimeout(timer));
  }

  private remove(message: Message) {
    this.messages = this.messages.filter((m) => m !== message);
    this.persist((file) => file.delete(message.id));
  }

  /** Writes a change to the queue's file, unless hard-stopped (a dead process writes nothing). */
  private persist(write: (file: QueueFile) => void) {
    if (this.options.file && !this.frozen) write(this.options.file);
  }

  private deadLetter(message: Message, error: string) {
    const { domain } = this.options;
    this.options.deadLetters.add({
      id: message.id,
      domain,
      body: message.body,
      error,
      receiveCount: message.receiveCount,
      sentAt: new Date(message.sentAt).toISOString(),
      deadAt: new Date().toISOString(),
    });
    this.options.log.warn(
      `✗ ${domain}: message ${message.id} (${describeBody(message.body)}) moved to the dead-letter queue after ${message.receiveCount} receives: ${oneLine(error)} — see npm run dlq`,
    );
  }
}

/** A visibility timeout's longest: 12 hours, counted from the message's receive. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** An SQS error, named as the SQS API names it (`ReceiptHandleIsInvalid`, `MessageNotInflight`). */
export class SqsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** Lambda's own words for an invocation that ran out of time. */
export class TaskTimedOutError extends Error {
  constructor(timeoutMs: number) {
    super(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    this.name = 'TaskTimedOutError';
  }
}

/**
 * A thrown error fails every message. Powertools' batch processor throws FullBatchFailureError
 * with one error per record when all of them failed, which gives each dead letter its own cause.
 */
function wholeBatchFailed(batch: Message[], error: unknown): Map<string, string> {
  const perRecord = (error as { recordErrors?: unknown[] }).recordErrors;
  return new Map(
    batch.map((message, index) => {
      const cause =
        Array.isArray(perRecord) && perRecord.length === batch.length ? perRecord[index] : error;
      return [message.id, messageOf(cause)];
    }),
  );
}

const messageOf = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** `ates.tasker task.created` for log lines, or a hint that the body is not an event. */
export function describeBody(body: string): string {
  try {
    const event = JSON.parse(body) as { source?: string; 'detail-type'?: string };
    return `${event.source} ${event['detail-type']}`;
  } catch {
    return 'not JSON';
  }
}

const oneLine = (text: string, max = 200) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};
