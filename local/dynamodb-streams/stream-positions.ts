import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

const positionsSchema = z.record(z.string(), z.string());

/**
 * The last stream record relayed, per shard — the checkpoint a Lambda event source mapping
 * keeps. Persisted under `.ates/` so a restart neither loses outbox rows written while the cloud
 * was down nor relays the last day's rows again.
 */
export class StreamPositions {
  private positions: Record<string, string>;
  private frozen = false;

  constructor(private readonly file?: string) {
    this.positions = file ? readPositions(file) : {};
  }

  get(streamArn: string, shardId: string): string | undefined {
    return this.positions[`${streamArn}|${shardId}`];
  }

  /** Whether anything of this stream was ever relayed (so its new shards start at the oldest). */
  knows(streamArn: string): boolean {
    return Object.keys(this.positions).some((key) => key.startsWith(`${streamArn}|`));
  }

  /**
   * No checkpoint is recorded any more: the cloud was killed. A relay still in flight may finish
   * its PutEvents into queues that are already dead; its rows must be read again after a restart.
   */
  freeze() {
    this.frozen = true;
  }

  set(streamArn: string, shardId: string, sequenceNumber: string) {
    if (this.frozen) return;
    this.positions[`${streamArn}|${shardId}`] = sequenceNumber;
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.positions, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

function readPositions(file: string): Record<string, string> {
  try {
    return positionsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    // No checkpoint yet (or an unreadable one): start from what the tables' state implies.
    return {};
  }
}
