import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { taskerService } from '../../functions/tasker/service';
import { HandlerLoader, type FunctionId } from '../lambda/handler-loader';
import { silentLog } from '../cloud/log';
import { ensureTable } from '../dynamodb/tables';
import { startPollers } from './cloud-pollers';
import { DeadLetterStore } from '../sqs/dead-letters';
import { StopStack } from '../cloud/stop-stack';

const dataDir = mkdtempSync(join(tmpdir(), 'ates-pollers-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Handlers whose relay waits until the test lets it answer, as a slow PutEvents would. */
class HeldRelay extends HandlerLoader {
  readonly calls: unknown[] = [];
  private release!: () => void;
  readonly held = new Promise<void>((resolve) => (this.release = resolve));

  constructor() {
    super(process.cwd());
  }

  override async invoke(_file: string, _fn: FunctionId, event: unknown) {
    this.calls.push(event);
    await this.held;
    return { batchItemFailures: [] };
  }

  answer() {
    this.release();
  }
}

describe('stream pollers and a hard stop', () => {
  it('record no checkpoint for a relay that answers after the cloud was killed', async () => {
    const client = new DynamoDBClient({});
    const name = `${process.env.ATES_TABLE_PREFIX}pollers-hard-stop`;
    const table = await ensureTable(client, name, taskerService);
    client.destroy();
    const handlers = new HeldRelay();
    const stack = new StopStack(silentLog);
    startPollers(
      {
        tables: [{ domain: 'tasker', name, streamArn: table.streamArn!, fresh: true }],
        endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB!,
        region: process.env.AWS_REGION ?? 'us-east-1',
        inMemory: false,
        dataDir,
        handlers,
        pollIntervalMs: 20,
        retryDelayMs: 20,
        deadLetters: new DeadLetterStore(),
        log: silentLog,
      },
      stack,
    );
    await documentClient.send(
      new PutCommand({
        TableName: name,
        Item: { pk: 'OUTBOX#1', sk: 'OUTBOX', record_type: 'outbox' },
      }),
    );
    await vi.waitFor(() => expect(handlers.calls).toHaveLength(1), { timeout: 10_000 });

    // Killed while the relay's PutEvents is in flight; it is accepted only afterwards, into
    // queues that died with the process. The rows must be read again after a restart.
    const stopping = stack.stopAll({ hard: true });
    handlers.answer();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const file = join(dataDir, 'stream-positions.json');
    const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as object) : {};
    expect(saved).toEqual({});
  });
});
