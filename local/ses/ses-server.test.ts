import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSes } from './ses-server';

/** A restart is a new process, whose aws-ses-v2-local starts with an empty inbox array. */
async function asInANewProcess() {
  const store = (await import('aws-ses-v2-local/dist/store.js')) as { clearStore(): void };
  store.clearStore();
}

const dir = mkdtempSync(join(tmpdir(), 'ates-ses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function send(endpoint: string, to: string) {
  const client = new SESv2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'accounting@uberpopug.test',
        Destination: { ToAddresses: [to] },
        Content: { Simple: { Subject: { Data: 'Payout' }, Body: { Text: { Data: '$7.00' } } } },
      }),
    );
  } finally {
    client.destroy();
  }
}

async function inboxOf(url: string): Promise<string[]> {
  const store = (await (await fetch(`${url}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  return store.emails.flatMap((email) => email.destination.to);
}

describe('the local SES inbox', () => {
  it('is still there after a restart when persisted, and empty after an in-memory start', async () => {
    const inbox = join(dir, 'ses-inbox.jsonl');
    const first = await startSes(0, inbox);
    await send(first.url, 'kiwi@uberpopug.test');
    await send(first.url, 'kea@uberpopug.test');
    await first.close();
    await asInANewProcess();

    const second = await startSes(0, inbox);
    expect(await inboxOf(second.url)).toEqual(['kiwi@uberpopug.test', 'kea@uberpopug.test']);
    await send(second.url, 'tui@uberpopug.test');
    await second.close();
    await asInANewProcess();

    const third = await startSes(0, inbox);
    expect(await inboxOf(third.url)).toEqual([
      'kiwi@uberpopug.test',
      'kea@uberpopug.test',
      'tui@uberpopug.test',
    ]);
    // Emptied on purpose: emptied on disk too.
    await fetch(`${third.url}/clear-store`, { method: 'POST' });
    await third.close();
    const fourth = await startSes(0, inbox);
    expect(await inboxOf(fourth.url)).toEqual([]);
    await fourth.close();

    const inMemory = await startSes(0);
    expect(await inboxOf(inMemory.url)).toEqual([]);
    await inMemory.close();
  });
});
