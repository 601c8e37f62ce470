import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

export const storedMessageSchema = z.object({
  id: z.string(),
  body: z.string(),
  receiveCount: z.number().int().min(0),
  sentAt: z.number(),
  firstReceivedAt: z.number().optional(),
  /** When SQS would hand the message out again: a message in flight is invisible until then. */
  visibleAt: z.number(),
});
export type StoredMessage = z.infer<typeof storedMessageSchema>;

/**
 * A queue's messages on disk (`.ates/queues/<domain>.json`), written on every change like SQS
 * keeps them: a message received by a consumer that then died is still there after a restart,
 * and is handed out again once its visibility timeout has passed.
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
    const parsed = z.array(storedMessageSchema).safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(`${this.path} is not a queue file (${parsed.error.message}); move it away`);
    }
    return parsed.data;
  }

  save(messages: readonly StoredMessage[]) {
    mkdirSync(dirname(this.path), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a queue.
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(messages.map((m) => storedMessageSchema.parse(m))));
    renameSync(temporary, this.path);
  }
}
