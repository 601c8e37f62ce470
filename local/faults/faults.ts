import type { SQSEvent } from 'aws-lambda';
import { TaskTimedOutError } from '../sqs/local-queue';
import { OnDemandUsage } from './on-demand-usage';

/**
 * Faults the local cloud injects on purpose, to prove that nothing is lost or doubled when the
 * cloud misbehaves the ways AWS is allowed to: at-least-once and out-of-order delivery, failed
 * consumer invocations (before and after their effect is written), invocations that run past
 * their timeout, failed PutEvents entries and calls, throttled DynamoDB requests and PutEvents, throttled and
 * rejected SES sends. Everything is off by default; every random choice comes from one seeded
 * generator, so a failing run can be repeated with its seed.
 */
export interface FaultOptions {
  /** Seed of the generator behind every injected fault. Default 1. */
  seed?: number;
  /** How many copies of each matched event the bus delivers (at-least-once). Default 1. */
  deliveryCopies?: number;
  /** The bus holds up to this many deliveries and releases them shuffled. Default 0: off. */
  reorderWindow?: number;
  /** Fraction of consumer invocations failed before the handler runs. */
  consumerFailBefore?: number;
  /**
   * Fraction of consumer invocations failed after the handler returned successfully: the effect
   * is written, the batch is reported failed, so every message of it comes back (a duplicate).
   */
  consumerFailAfter?: number;
  /**
   * Fraction of consumer invocations that run past their function's timeout: the invocation
   * ends as timed out (the mapping fails the whole batch and every message comes back) while the
   * handler is still running, and its writes land afterwards, beside the redelivery's. The
   * deadline is brought forward for that invocation, so a run need not sit out a 2-minute timeout.
   */
  consumerOverrun?: number;
  /** Fraction of PutEvents entries answered with an ErrorCode (FailedEntryCount > 0). */
  putEventsEntryFailure?: number;
  /** Fraction of whole PutEvents calls answered with a 500 InternalFailure. */
  putEventsCallFailure?: number;
  /**
   * Fraction of a function's DynamoDB requests throttled: reads and writes answered with
   * `ThrottlingException` or `ProvisionedThroughputExceededException`, a TransactWriteItems
   * cancelled with a `ThrottlingError` reason (as DynamoDB answers each when over capacity).
   */
  dynamoThrottle?: number;
  /**
   * Fraction of PutEvents throttled: half of them the whole call (400 `ThrottlingException`),
   * half one entry (`ErrorCode: ThrottlingException`).
   */
  putEventsThrottle?: number;
  /**
   * DynamoDB's on-demand limits, modelled rather than drawn at random (local/on-demand.ts): per
   * partition key 1,000 write and 3,000 read units a second, per table 4,000 and 12,000,
   * transactions at double cost, each scaled by this factor (1 = AWS's own; a smaller one lets
   * one local process reach them). Off by default and not part of `all`.
   */
  dynamoOnDemand?: number;
  /**
   * Fraction of SES SendEmail calls throttled: answered `429 TooManyRequestsException`,
   * "Maximum sending rate exceeded.", as SES v2 answers a send over the account's rate.
   */
  sesThrottle?: number;
  /**
   * Fraction of SES SendEmail calls refused for good: answered `400 MessageRejected`, as SES v2
   * answers a message it will never send (in the sandbox, an unverified recipient).
   */
  sesReject?: number;
  /**
   * Each kind of fault that has a rate above 0 happens at its first chance, then at its rate: a
   * short run (the short soak) sees every fault it asserts without the size a rate alone needs.
   * Off by default (`npm run soak`, `ATES_FAULTS=all`: rates alone).
   */
  everyKindOnce?: boolean;
}

/** The options that are not a fault of their own. */
type NotAFault = 'seed' | 'dynamoOnDemand' | 'everyKindOnce';

/** `ATES_FAULTS=all`: every fault on, at rates a run survives without exhausting retries. */
export const ALL_FAULTS: Required<Omit<FaultOptions, NotAFault>> = {
  deliveryCopies: 2,
  reorderWindow: 16,
  consumerFailBefore: 0.1,
  consumerFailAfter: 0.1,
  consumerOverrun: 0.05,
  putEventsEntryFailure: 0.1,
  putEventsCallFailure: 0.05,
  // Low: the local cloud runs every function through one SDK client, so one retry quota (500
  // tokens, 5 a throttled retry) serves what on AWS is spread over many Lambda instances' clients.
  dynamoThrottle: 0.01,
  putEventsThrottle: 0.05,
  // The mailer's client tries a throttled send three times: 5% almost never exhausts them.
  sesThrottle: 0.05,
  // Each one is a payout e-mail recorded undeliverable for good: a few in a soak's close.
  sesReject: 0.05,
};

/** What was injected, for reports and tests that must see a fault actually happen. */
export interface FaultStats {
  consumerFailedBefore: number;
  consumerFailedAfter: number;
  consumerOverran: number;
  putEventsEntriesFailed: number;
  putEventsCallsFailed: number;
  reorderedReleases: number;
  dynamoReadsThrottled: number;
  dynamoWritesThrottled: number;
  dynamoTransactionsThrottled: number;
  putEventsCallsThrottled: number;
  putEventsEntriesThrottled: number;
  /** Requests refused by the on-demand model (a hot key or table). */
  dynamoOnDemandThrottled: number;
  /** SES sends answered TooManyRequestsException by the `sesThrottle` fault. */
  sesSendsThrottled: number;
  /** SES sends answered MessageRejected by the `sesReject` fault. */
  sesSendsRejected: number;
}

/** The faults of one cloud: the options, the seeded generator and what was injected. */
export class Faults {
  readonly stats: FaultStats = {
    consumerFailedBefore: 0,
    consumerFailedAfter: 0,
    consumerOverran: 0,
    putEventsEntriesFailed: 0,
    putEventsCallsFailed: 0,
    reorderedReleases: 0,
    dynamoReadsThrottled: 0,
    dynamoWritesThrottled: 0,
    dynamoTransactionsThrottled: 0,
    putEventsCallsThrottled: 0,
    putEventsEntriesThrottled: 0,
    dynamoOnDemandThrottled: 0,
    sesSendsThrottled: 0,
    sesSendsRejected: 0,
  };
  /** What the on-demand model throttled, by operation and key kind, and each kind's busiest key. */
  readonly onDemand = new OnDemandUsage();
  readonly random: () => number;

  constructor(readonly options: FaultOptions = {}) {
    this.random = seededRandom(options.seed ?? 1);
  }

  /** The kinds that have happened once (`everyKindOnce`). */
  private readonly happened = new Set<string>();

  /**
   * True with probability `rate`, drawn from the seeded generator; with `everyKindOnce`, also
   * true at the first chance of `kind` (a name for what the caller injects when true).
   */
  chance(rate: number | undefined, kind?: string): boolean {
    if (!rate) return false;
    if (this.options.everyKindOnce && kind !== undefined && !this.happened.has(kind)) {
      this.happened.add(kind);
      return true;
    }
    return this.random() < rate;
  }

  /** A copy of `items` in a seeded random order. */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

/** An injected failure: its message says so, so a log or dead letter never blames the code. */
export class InjectedFaultError extends Error {
  constructor(where: string) {
    super(`injected fault: ${where}`);
    this.name = 'InjectedFaultError';
  }
}

/** When an overrunning invocation is declared timed out. */
const OVERRUN_DEADLINE_MS = 5;

/**
 * Wraps a queue's consumer with the before/after/overrun faults. A batch holding a message on one of
 * its last two receives is never failed on purpose: injected faults must not exhaust a
 * message's retries, so a dead letter always means a real failure (or a poison event).
 */
export function withConsumerFaults(
  faults: Faults | undefined,
  maxReceiveCount: number,
  consume: (event: SQSEvent) => Promise<unknown>,
): (event: SQSEvent) => Promise<unknown> {
  const { consumerFailBefore, consumerFailAfter, consumerOverrun } = faults?.options ?? {};
  if (!faults || !(consumerFailBefore || consumerFailAfter || consumerOverrun)) return consume;
  return async (event) => {
    const spared = event.Records.some(
      (r) => Number(r.attributes.ApproximateReceiveCount) >= maxReceiveCount - 1,
    );
    if (!spared && faults.chance(consumerFailBefore, 'consumerFailBefore')) {
      faults.stats.consumerFailedBefore += 1;
      throw new InjectedFaultError('consumer invocation failed before the handler ran');
    }
    if (!spared && faults.chance(consumerOverrun, 'consumerOverrun')) {
      faults.stats.consumerOverran += 1;
      const late = consume(event);
      late.catch(() => undefined); // its outcome no longer reaches the queue, as in Lambda
      // Still running at its (brought forward) deadline: a few milliseconds into its work.
      await new Promise((resolve) => setTimeout(resolve, OVERRUN_DEADLINE_MS));
      throw new TaskTimedOutError(OVERRUN_DEADLINE_MS);
    }
    const result = await consume(event);
    if (!spared && faults.chance(consumerFailAfter, 'consumerFailAfter')) {
      faults.stats.consumerFailedAfter += 1;
      throw new InjectedFaultError('consumer invocation failed after the handler succeeded');
    }
    return result;
  };
}

/** mulberry32: small, fast and good enough to pick faults; the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
