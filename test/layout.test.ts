import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What makes a folder readable at a glance (issue 23): no file so long it needs a map of its own
 * unless its first line says why, under `local/` no two files with one name (a folder per AWS
 * service, docs/local-cloud.md), and no domain's test support that needs the local cloud.
 */
const REPO_ROOT = join(import.meta.dirname, '..');
const MAX_LINES = 250;
const LENGTH_CHECKED = ['functions', 'local', 'web/src'];

function sourceFilesUnder(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)));
}

describe('source layout', () => {
  it(`has no file over ${MAX_LINES} lines under ${LENGTH_CHECKED.join(', ')} without "// Long because …" on its first line`, () => {
    const unexplained = LENGTH_CHECKED.flatMap(sourceFilesUnder).filter((file) => {
      const lines = readFileSync(join(REPO_ROOT, file), 'utf8').trimEnd().split('\n');
      return lines.length > MAX_LINES && !lines[0]!.startsWith('// Long because ');
    });
    expect(unexplained).toEqual([]);
  });

  it('has no two files with one name under local/', () => {
    const byName = new Map<string, string[]>();
    for (const file of sourceFilesUnder('local')) {
      byName.set(basename(file), [...(byName.get(basename(file)) ?? []), file]);
    }
    const repeated = [...byName.values()].filter((files) => files.length > 1);
    expect(repeated).toEqual([]);
  });

  it("has no domain's test support importing the local cloud (that belongs in test/support)", () => {
    const testSupport = sourceFilesUnder('functions').filter((file) =>
      file.includes('/test-support/'),
    );
    const importingLocal = testSupport.filter((file) =>
      /from '(\.\.\/)+local\//.test(readFileSync(join(REPO_ROOT, file), 'utf8')),
    );
    expect(testSupport.length).toBeGreaterThan(0);
    expect(importingLocal).toEqual([]);
  });
});
