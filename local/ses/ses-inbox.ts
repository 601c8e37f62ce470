import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Email } from 'aws-ses-v2-local/dist/store';

/** What the inbox module of aws-ses-v2-local lets us read and refill. */
export interface InboxStore {
  getStoreReadonly(): { emails: Email[] };
  clearStore(): void;
}

/**
 * The local SES inbox on disk (`.ates/ses-inbox.jsonl`), one e-mail a line, appended as each
 * arrives, so the payout e-mails are still there after a restart (or a hard stop) like
 * everything else under `.ates/`. aws-ses-v2-local keeps its inbox in a module-level array;
 * `sync` runs after every request it answers and writes what is new (or, after its
 * `/clear-store`, the emptied inbox).
 */
export class InboxFile {
  private saved = 0;

  constructor(
    readonly path: string,
    private readonly store: InboxStore,
  ) {}

  /** Puts the saved e-mails back in the inbox; returns how many. */
  restore(): number {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return 0;
    }
    const lines = text.split('\n').filter(Boolean);
    const emails: Email[] = [];
    lines.forEach((line, index) => {
      try {
        emails.push(JSON.parse(line) as Email);
      } catch (error) {
        // Only the last line can be cut short by a crash mid-write; anything else is not ours.
        if (index === lines.length - 1) return;
        throw new Error(`${this.path} line ${index + 1} is not an e-mail (${error}); move it away`);
      }
    });
    this.store.getStoreReadonly().emails.push(...emails);
    this.saved = emails.length;
    return emails.length;
  }

  sync() {
    const { emails } = this.store.getStoreReadonly();
    if (emails.length < this.saved) {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.tmp`;
      writeFileSync(temporary, emails.map((email) => `${JSON.stringify(email)}\n`).join(''));
      renameSync(temporary, this.path);
    } else if (emails.length > this.saved) {
      mkdirSync(dirname(this.path), { recursive: true });
      const added = emails.slice(this.saved);
      appendFileSync(this.path, added.map((email) => `${JSON.stringify(email)}\n`).join(''));
    }
    this.saved = emails.length;
  }
}
