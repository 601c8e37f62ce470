import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A function bundled as infra ships it (minified `index.mjs`, `index.mjs.map` beside it, no
 * `--enable-source-maps`) that throws from a named function: its logged stack must name the
 * TypeScript source and line, through nothing but importing the logger as every function does.
 */
describe('stack traces of a bundled function', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ates-stacks-'));
  const bundled = join(dir, 'out', 'index.mjs');
  /** The logged error's stack (Powertools writes error logs to stderr). */
  const loggedStack = () => {
    const { stderr } = spawnSync(process.execPath, [bundled], {
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_DEV: 'false',
      },
    });
    return (JSON.parse(stderr) as { error: { stack: string } }).error.stack;
  };

  beforeAll(async () => {
    const fixture = join(dir, 'fixture.ts');
    writeFileSync(
      fixture,
      [
        `import { logger } from ${JSON.stringify(join(__dirname, 'logger'))};`,
        'function failingStep(): never {',
        "  throw new Error('the step failed');",
        '}',
        'try {',
        '  failingStep();',
        '} catch (error) {',
        "  logger.error('step failed', { error: error as Error });",
        '}',
      ].join('\n'),
    );
    await build({
      entryPoints: [fixture],
      outfile: bundled,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      banner: {
        js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
      },
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the source file, line and function, the map read only when the stack is printed', () => {
    const stack = loggedStack();
    expect(stack).toMatch(/^Error: the step failed\n {4}at failingStep \(.*fixture\.ts:3:9\)/);
    expect(stack).not.toContain('index.mjs');
  });

  it('prints the bundle as it is where no map ships beside it', () => {
    unlinkSync(`${bundled}.map`);
    const stack = loggedStack();
    expect(stack).toContain('index.mjs:');
    expect(stack).not.toContain('fixture.ts');
  });
});
