import type { SQSBatchResponse } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { DeadLetterStore } from './dead-letters';
import type { CloudLog } from './log';
import { sqsEventOf, type QueuedMessage } from './sqs-event';

export interface QueueOptions {
  domain: string;
  queueArn: string;
  batchSize: number;
  maxReceiveCount: number;
  /** How long a failed message stays invisible before it is received again. */
  visibilityTimeoutMs: number;
  /** Runs the domain's consumer on one SQS event. */
  consume: (event: ReturnType<typeof sqsEventOf>) => Promise<unknown>;
  deadLetters: DeadLetterStore;
  log: CloudLog;
}

interface Message extends QueuedMessage {
  visibleAt: number;
}

/**
 * The in-process stand-in for a domain's SQS queue and its Lambda event source mapping: batches
 * of up to `batchSize`, one batch at a time, partial batch failures honoured, failed messages
 * received again after the visibility timeout, and moved to the dead-letter store once they
 * have been received `maxReceiveCount` times.
 */
export class LocalQueue {
  private messages: Message[] = [];
  private delivering: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(readonly options: QueueOptions) {}

  get domain() {
    return this.options.domain;
  }

  /** Enqueues a message; delivery is asynchronous, as with a real queue. */
  send(body: string, id: string = randomUUID()) {
    this.messages.push({ id, body, receiveCount: 0, sentAt: Date.now(), visibleAt: 0 });
    this.wake(0);
  }

  /** Messages waiting or in flight. */
  get depth() {
    return this.messages.length;
  }

  get idle() {
    return this.messages.length === 0 && !this.delivering;
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.delivering;
  }

  private wake(delayMs: number) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), Math.max(0, delayMs));
  }

  private pump() {
    if (this.stopped || this.delivering) return;
    const now = Date.now();
    const batch = this.messages.filter((m) => m.visibleAt <= now).slice(0, this.options.batchSize);
    if (batch.length === 0) {
      const next = Math.min(...this.messages.map((m) => m.visibleAt));
      if (Number.isFinite(next)) this.wake(next - now);
      return;
    }
    for (const message of batch) {
      message.visibleAt = Number.POSITIVE_INFINITY;
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
    }
    this.delivering = this.deliver(batch).finally(() => {
      this.delivering = undefined;
      this.wake(0);
    });
  }

  private async deliver(batch: Message[]) {
    const failures = await this.failuresOf(batch);
    const now = Date.now();
    for (const message of batch) {
      const error = failures.get(message.id);
      if (error === undefined) {
        this.remove(message);
      } else if (message.receiveCount >= this.options.maxReceiveCount) {
        this.remove(message);
        this.deadLetter(message, error);
      } else {
        message.visibleAt = now + this.options.visibilityTimeoutMs;
      }
    }
  }

  /** Which messages of the batch failed, and why, by message id. */
  private async failuresOf(batch: Message[]): Promise<Map<string, string>> {
    let response: unknown;
    try {
      response = await this.options.consume(sqsEventOf(batch, this.options.queueArn));
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

  private remove(message: Message) {
    this.messages = this.messages.filter((m) => m !== message);
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
