import { readFileSync } from 'node:fs';

/**
 * Marks a test file carries on a comment line of its own, so the treatment travels with the
 * file: renaming or moving it keeps it, where a list of paths would silently lose it.
 * - `// @heavy: why`: it starts before the others (test/support/sequencer.ts) and weighs as much
 *   as several files on its DynamoDB Local engine (test/support/engines-setup.ts).
 * - `// @no-engine: why`: an integration or system file that never calls DynamoDB takes no
 *   engine (test/support/per-file-setup.ts).
 */
const markOf = (name: string) => new RegExp(`^\\s*(?://|\\*)\\s*@${name}\\b`, 'm');
const HEAVY = markOf('heavy');
const NO_ENGINE = markOf('no-engine');

/** How much a file at `path` weighs on an engine: heavy files count as four. */
export const HEAVY_WEIGHT = 4;

function carries(path: string, mark: RegExp): boolean {
  try {
    return mark.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}

export const isHeavy = (path: string) => carries(path, HEAVY);

export const usesNoEngine = (path: string) => carries(path, NO_ENGINE);
