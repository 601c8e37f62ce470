// Long because the Streams mapping is one state machine (shards, positions, bisect, retries, on-failure pointer, wakes).
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { realNow } from '../clock/business-clock';
import type { CloudLog } from '../cloud/log';
import type { StreamPositions } from './stream-positions';
import { streamEventOf } from './stream-records';

export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  tableName: string;
  streamArn: string;
  region: string;
  /** A table created by this run: every shard is read from its oldest record. */
  freshTable: boolean;
  positions: StreamPositions;
  /** The relay handler: returns Lambda's partial batch response for streams. */
  relay: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /**
   * Pause between polls when there is nothing new and nobody called `wake()`: the fallback for
   * writes the local cloud did not make itself (a test or script writing to a table directly).
   */
  pollIntervalMs: number;
  retryDelayMs: number;
  /**
   * Out-of-order delivery: the records of each read are spread over this many shards by their
   * key and relayed concurrently, shards in random order — as outbox rows with random keys land
   * on many shards in AWS and reach the bus in no set order. 1 (the default) keeps stream order.
   */
  shards?: number;
  /** The event source mapping's settings: infra's RELAY_MAPPING (one source). */
  mapping: StreamMapping;
  /**
   * The mapping's filter (`wakesRelay`): a record it refuses is dropped, and a read it leaves
   * empty invokes nothing, as Lambda's filter criteria do. Unset, every record goes to the relay.
   */
  wakes?: (record: StreamRecord) => boolean;
  /**
   * Where a batch goes once its retries are used up: Lambda's on-failure destination, a pointer
   * to the records (not the records themselves).
   */
  onFailure: (pointer: StreamBatchPointer) => void;
  log: CloudLog;
}

/** The settings of a DynamoDB stream event source mapping that the poller follows. */
export interface StreamMapping {
  batchSize: number;
  bisectBatchOnError: boolean;
  reportBatchItemFailures: boolean;
  retryAttempts: number;
  maxRecordAgeHours: number;
}

/**
 * What Lambda sends the on-failure destination for a discarded stream batch: where the records
 * are, not the records (`DDBStreamBatchInfo`), and why.
 */
export interface StreamBatchPointer {
  requestContext: { condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number };
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

const REDISCOVER_MS = 1000;

interface ShardState {
  id: string;
  parentId?: string;
  iterator?: string;
  /** Where to get the next iterator from when there is none (start, expiry, a failed batch). */
  resume: { type: ShardIteratorType; sequenceNumber?: string };
  done: boolean;
  /**
   * Records per read: halved after a batch that threw (bisect on error), and back to the batch
   * size once the rows of that batch are all published (`bisectUntil`, its last sequence number).
   */
  limit: number;
  bisectUntil?: string;
  /** Retries so far of the batch that starts at `from` (a halving is not a retry, as in Lambda). */
  retries?: { from: string; count: number };
}

/** Where to read again after a failed batch, and whether the relay threw (not a partial report). */
interface Failure {
  from: string;
  threw: boolean;
}

/**
 * Feeds one table's stream to the relay handler, as the Lambda event source mapping does, by the
 * same settings (`mapping`): shard by shard, parents before children, batches of up to
 * `batchSize` records. A batch the relay reports as failed (`batchItemFailures`, when
 * `reportBatchItemFailures` is on) is read again from the first failed record after a pause; one
 * that throws is read again in halves (`bisectBatchOnError`). After `retryAttempts` retries the
 * batch is discarded: a pointer to it goes to `onFailure` and the shard moves on. With `shards`
 * > 1 the records of a read reach the relay out of order (see `StreamPollerOptions.shards`).
 */
export class StreamPoller {
  private readonly shards = new Map<string, ShardState>();
  private running = false;
  private loop: Promise<void> | undefined;
  private discoveredAt = 0;
  private firstDiscovery = true;
  /** Start time of the latest polling round that found no records: the stream was drained then. */
  drainedAt = 0;
  /** `wake()` was called since the current round started: poll again instead of pausing. */
  private wakeRequested = false;
  /** Ends the pause between rounds early (set only while pausing). */
  private endPause: (() => void) | undefined;

  constructor(private readonly options: StreamPollerOptions) {}

  start() {
    this.running = true;
    this.loop = this.run();
  }

  async stop() {
    this.running = false;
    this.endPause?.();
    await this.loop;
  }

  /**
   * New records may be on the stream (a handler that writes to this table has just returned):
   * poll now rather than at the end of the pause. Wakes coalesce: one that comes while a round
   * runs makes one more round once it ends (the round may have read the shard before the write),
   * however many came; rounds never overlap, so no shard is read twice at once. A failed batch's
   * retry pause is not cut short.
   */
  wake() {
    if (!this.running) return;
    this.wakeRequested = true;
    this.endPause?.();
  }

  private async run() {
    while (this.running) {
      // Every write made before this point is seen by this round. (The machine's time, as
      // settled() reads it: the business clock may jump.)
      this.wakeRequested = false;
      const roundStartedAt = realNow();
      let busy = false;
      try {
        if (roundStartedAt - this.discoveredAt > REDISCOVER_MS) await this.discover();
        for (const shard of this.readableShards()) {
          if (!this.running) break;
          busy = (await this.pollShard(shard)) || busy;
        }
      } catch (error) {
        busy = true;
        if (this.running) {
          this.options.log.warn(
            `stream of ${this.options.tableName}: ${(error as Error).message}; retrying`,
          );
          await sleep(this.options.retryDelayMs);
        }
      }
      if (!busy) {
        this.drainedAt = roundStartedAt;
        await this.pause();
      }
    }
  }

  /** Waits the poll interval, or less if woken (at once if a wake came during the round). */
  private pause(): Promise<void> {
    if (this.wakeRequested || !this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.endPause?.(), this.options.pollIntervalMs);
      this.endPause = () => {
        clearTimeout(timer);
        this.endPause = undefined;
        resolve();
      };
    });
  }

  /** Open shards whose parent has been read to its end (or was never ours to read). */
  private readableShards(): ShardState[] {
    return [...this.shards.values()].filter(
      (shard) =>
        !shard.done &&
        (!shard.parentId ||
          !this.shards.has(shard.parentId) ||
          this.shards.get(shard.parentId)!.done),
    );
  }

  private async discover() {
    const { client, streamArn, positions, freshTable } = this.options;
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    // On the first look at a table that existed before this run and was never relayed, begin
    // at the newest record; any shard that appears after that is read from its oldest.
    const fromOldest = !this.firstDiscovery || freshTable || positions.knows(streamArn);
    for (const shard of shards) {
      const id = shard.ShardId!;
      if (this.shards.has(id)) continue;
      const closed = Boolean(shard.SequenceNumberRange?.EndingSequenceNumber);
      const checkpoint = positions.get(streamArn, id);
      const state: ShardState = {
        id,
        parentId: shard.ParentShardId,
        resume: checkpoint
          ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: checkpoint }
          : { type: fromOldest ? 'TRIM_HORIZON' : 'LATEST' },
        // LATEST of a closed shard is its end: nothing there to relay.
        done: !checkpoint && !fromOldest && closed,
        limit: this.options.mapping.batchSize,
      };
      this.shards.set(id, state);
    }
    this.firstDiscovery = false;
    this.discoveredAt = realNow();
  }

  /** Reads one batch from a shard; true when there was something to do. */
  private async pollShard(shard: ShardState): Promise<boolean> {
    const { client, streamArn } = this.options;
    if (!shard.iterator) {
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.id,
          ShardIteratorType: shard.resume.type,
          SequenceNumber: shard.resume.sequenceNumber,
        }),
      );
      shard.iterator = ShardIterator;
      if (!shard.iterator) {
        shard.done = true;
        return false;
      }
    }
    let page;
    try {
      page = await client.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: shard.limit }),
      );
    } catch (error) {
      shard.iterator = undefined;
      if (error instanceof TrimmedDataAccessException) shard.resume = { type: 'TRIM_HORIZON' };
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException)
        return true;
      throw error;
    }
    const records = page.Records ?? [];
    if (records.length > 0) {
      const woken = this.options.wakes ? records.filter(this.options.wakes) : records;
      const failure = woken.length > 0 ? await this.relayOutOfOrder(woken) : undefined;
      if (failure !== undefined && !this.retriesUsedUp(shard, failure, records)) {
        shard.iterator = undefined;
        shard.resume = { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: failure.from };
        // bisectBatchOnError: a batch that threw is tried again in halves, isolating a poison row.
        if (failure.threw && this.options.mapping.bisectBatchOnError) {
          shard.limit = Math.max(1, Math.floor(records.length / 2));
          const end = records.at(-1)!.dynamodb!.SequenceNumber!;
          if (!shard.bisectUntil || BigInt(end) > BigInt(shard.bisectUntil))
            shard.bisectUntil = end;
        }
        await sleep(this.options.retryDelayMs);
        return true;
      }
      shard.retries = undefined;
      const last = records.at(-1)!.dynamodb!.SequenceNumber!;
      if (!shard.bisectUntil || BigInt(last) >= BigInt(shard.bisectUntil)) {
        shard.limit = this.options.mapping.batchSize;
        shard.bisectUntil = undefined;
      }
      this.options.positions.set(streamArn, shard.id, last);
      shard.resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last };
    }
    shard.iterator = page.NextShardIterator;
    if (!shard.iterator) {
      // The shard is closed and read to its end: its children take over.
      shard.done = true;
      this.discoveredAt = 0;
    }
    return records.length > 0;
  }

  /**
   * Counts a retry of the batch that failed from `failure.from`; once it has been retried
   * `retryAttempts` times, discards it as Lambda does: a pointer to its records from the first
   * failed one goes to `onFailure`, and true tells the caller to checkpoint past them.
   */
  private retriesUsedUp(shard: ShardState, failure: Failure, records: StreamRecord[]): boolean {
    const { retryAttempts } = this.options.mapping;
    const count = shard.retries?.from === failure.from ? shard.retries.count + 1 : 1;
    // A halving is not a retry: only a batch that was not halved again counts.
    const halving = failure.threw && this.options.mapping.bisectBatchOnError && records.length > 1;
    shard.retries = { from: failure.from, count: halving ? (shard.retries?.count ?? 0) : count };
    if (retryAttempts < 0 || shard.retries.count <= retryAttempts) return false;
    const discarded = records.filter(
      (r) => BigInt(r.dynamodb!.SequenceNumber!) >= BigInt(failure.from),
    );
    const arrival = (r: StreamRecord) =>
      new Date(r.dynamodb!.ApproximateCreationDateTime ?? 0).toISOString();
    this.options.onFailure({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: count },
      DDBStreamBatchInfo: {
        shardId: shard.id,
        startSequenceNumber: failure.from,
        endSequenceNumber: discarded.at(-1)!.dynamodb!.SequenceNumber!,
        approximateArrivalOfFirstRecord: arrival(discarded[0]!),
        approximateArrivalOfLastRecord: arrival(discarded.at(-1)!),
        batchSize: discarded.length,
        streamArn: this.options.streamArn,
      },
    });
    this.options.log.warn(
      `relay of ${this.options.tableName}: ${discarded.length} record(s) from ${failure.from} still failing after ${retryAttempts} retries; a pointer went to the on-failure dead letters (npm run republish brings the rows back)`,
    );
    return true;
  }

  /**
   * With one shard, the batch as read. With more, each pseudo-shard's records (stream order kept
   * within a key) go to the relay concurrently in random order; the read restarts from the
   * lowest record any of them failed, so a failure re-publishes (consumers dedupe) but never
   * skips.
   */
  private async relayOutOfOrder(records: StreamRecord[]): Promise<Failure | undefined> {
    const shards = this.options.shards ?? 1;
    if (shards <= 1) return this.relay(records);
    const groups = new Map<number, StreamRecord[]>();
    for (const record of records) {
      const shard = shardOf(JSON.stringify(record.dynamodb?.Keys ?? {}), shards);
      groups.set(shard, [...(groups.get(shard) ?? []), record]);
    }
    const failures = await Promise.all(shuffled([...groups.values()]).map((g) => this.relay(g)));
    const failed = failures.filter((f): f is Failure => f !== undefined);
    const lowest = failed.sort((a, b) => (BigInt(a.from) < BigInt(b.from) ? -1 : 1))[0];
    return lowest && { from: lowest.from, threw: failed.some((f) => f.threw) };
  }

  /** Hands a batch to the relay; the sequence number to read again from, if any failed. */
  private async relay(records: StreamRecord[]): Promise<Failure | undefined> {
    const { streamArn, region, tableName } = this.options;
    const first = records[0]!.dynamodb!.SequenceNumber!;
    let response: DynamoDBBatchResponse | undefined;
    try {
      response = (await this.options.relay(streamEventOf(records, streamArn, region))) as
        DynamoDBBatchResponse | undefined;
    } catch (error) {
      this.options.log.warn(
        `relay of ${tableName} failed (${(error as Error).message}); retrying the batch`,
      );
      return { from: first, threw: true };
    }
    // Lambda reads a partial batch response only when the mapping reports batch item failures.
    if (!this.options.mapping.reportBatchItemFailures) return undefined;
    const failures = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    if (failures.length === 0) return undefined;
    const known = records.map((r) => r.dynamodb!.SequenceNumber!);
    // Lambda restarts from the lowest reported sequence number; an unknown one fails the batch.
    const lowest = failures
      .filter((id): id is string => Boolean(id) && known.includes(id!))
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[0];
    return { from: lowest ?? first, threw: false };
  }
}

/** A stable shard for a key, as DynamoDB hashes partition keys. */
function shardOf(key: string, shards: number): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % shards;
}

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
