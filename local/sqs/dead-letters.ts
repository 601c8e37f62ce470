import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

/**
 * One message a domain's consumer gave up on after `maxReceiveCount` receives, or one scheduled
 * run that failed every attempt.
 */
export const deadLetterSchema = z.object({
  id: z.string(),
  domain: z.string(),
  body: z.string(),
  error: z.string(),
  receiveCount: z.number().int(),
  sentAt: z.string(),
  deadAt: z.string(),
  /**
   * Where a redrive sends it: absent for a domain queue's message, `schedule:<name>` for a
   * scheduled run whose invocations all failed (the body is its scheduled event).
   */
  target: z.string().optional(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export interface DeadLetterFilter {
  domain?: string;
  id?: string;
}

/**
 * The dead-letter queues of every domain. Dead letters are kept — in memory, or in a JSON file
 * under `.ates/` so they survive a restart — until someone redrives them.
 */
export class DeadLetterStore {
  private letters: DeadLetter[];

  constructor(private readonly file?: string) {
    this.letters = file ? readLetters(file) : [];
  }

  add(letter: DeadLetter) {
    this.letters.push(letter);
    this.save();
  }

  list(filter: DeadLetterFilter = {}): DeadLetter[] {
    return this.letters.filter(
      (l) =>
        (filter.domain === undefined || l.domain === filter.domain) &&
        (filter.id === undefined || l.id === filter.id),
    );
  }

  /** Removes and returns the matching letters, for the caller to send back to their queues. */
  take(filter: DeadLetterFilter = {}): DeadLetter[] {
    const taken = this.list(filter);
    this.letters = this.letters.filter((l) => !taken.includes(l));
    this.save();
    return taken;
  }

  private save() {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file of lost letters.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.letters, null, 2));
    renameSync(temporary, this.file);
  }
}

function readLetters(file: string): DeadLetter[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const parsed = z.array(deadLetterSchema).safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${file} is not a dead-letter file (${parsed.error.message}); move it away`);
  }
  return parsed.data;
}
