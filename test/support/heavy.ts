import { readFileSync } from 'node:fs';

/**
 * A test file that says it is heavy, on a comment line of its own (`// @heavy: why`): it starts
 * before the others (test/support/sequencer.ts) and weighs as much as several files on its
 * DynamoDB Local engine (test/support/engines-setup.ts). The mark travels with the file, so
 * renaming or moving it keeps the treatment, where a list of paths would silently lose it.
 */
const MARK = /^\s*(?:\/\/|\*)\s*@heavy\b/m;

/** How much a file at `path` weighs on an engine: heavy files count as four. */
export const HEAVY_WEIGHT = 4;

export function isHeavy(path: string): boolean {
  try {
    return MARK.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}
