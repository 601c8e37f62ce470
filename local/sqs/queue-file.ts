import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

export const storedMessageSchema = z.object({
  id: z.string(),
  body: z.string(),
  receiveCount: z.number().int().min(0),
  sentAt: z.number(),
  firstReceivedAt: z.number().optional(),
  /** When it was last received (the machine's ms): a visibility timeout counts 12 hours at most from here. */
  receivedAt: z.number().optional(),
  /**
   * When SQS would hand the message out again (the machine's ms, not the business clock's): a
   * message in flight is invisible until then.
   */
  visibleAt: z.number(),
});
export type StoredMessage = z.infer<typeof storedMessageSchema>;

const entrySchema = z.union([
  z.object({ put: storedMessageSchema }),
  z.object({ delete: z.string() }),
]);

/**
 * A queue's messages on disk (`.ates/queues/<domain>.json`), kept as SQS keeps them: a message
 * received by a consumer that then died is still there after a restart, and is handed out
 * again once its visibility timeout has passed. The file is a journal — one line per send,
 * receive or delete, appended at once — so a busy queue costs one small write per change, not a
 * rewrite of every message; loading replays it and writes it back compacted.
 */
export class QueueFile {
  constructor(readonly path: string) {}

  load(): StoredMessage[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return [];
    }
    const messages = new Map<string, StoredMessage>();
    const lines = text.split('\n').filter(Boolean);
    lines.forEach((line, index) => {
      let entry: z.infer<typeof entrySchema>;
      try {
        entry = entrySchema.parse(JSON.parse(line));
      } catch (error) {
        // Only the last line can be cut short by a crash mid-write; anything else is not ours.
        if (index === lines.length - 1) return;
        throw new Error(
          `${this.path} line ${index + 1} is not a queue entry (${error}); move it away`,
        );
      }
      if ('put' in entry) messages.set(entry.put.id, entry.put);
      else messages.delete(entry.delete);
    });
    this.rewrite([...messages.values()]);
    return [...messages.values()];
  }

  put(message: StoredMessage) {
    this.append({ put: storedMessageSchema.parse(message) });
  }

  delete(id: string) {
    this.append({ delete: id });
  }

  private append(entry: z.infer<typeof entrySchema>) {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
  }

  /** The journal compacted to one `put` per message, written then renamed into place. */
  private rewrite(messages: readonly StoredMessage[]) {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, messages.map((put) => `${JSON.stringify({ put })}\n`).join(''));
    renameSync(temporary, this.path);
  }
}
