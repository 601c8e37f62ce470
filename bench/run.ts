/**
 * The benchmark: every block in its own Node process with its own DynamoDB Local, the floor
 * first so each throughput is also printed as a ratio to it; a table on stdout and every figure
 * in bench/results/latest.json.
 *
 *   npm run bench                  the full run
 *   npm run bench -- --quick       a few minutes
 *   npm run bench -- --only floor,api
 *   npm run bench -- --only floor,reshuffle --faults ondemand=1   (blocks that take faults)
 *   npm run bench -- --only floor,lifecycle,cost --workers 0       (the demo company alone)
 */
import '../local/cloud/quiet-sdk-notice';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BlockResult } from './lib/block';
import { BLOCK_NAMES } from './blocks';
import { hiredWorkersOf } from './lib/company-size';
import { jsonFromOwnProcess } from './lib/own-process';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    faults: { type: 'string' },
    // Workers hired before the blocks that run lifecycles (lib/company-size.ts).
    workers: { type: 'string' },
  },
});
const workers = (() => {
  try {
    return hiredWorkersOf(values.workers);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const here = dirname(fileURLToPath(import.meta.url));
const wanted = values.only ? values.only.split(',') : [...BLOCK_NAMES];
const unknown = wanted.filter((name) => !(BLOCK_NAMES as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown block(s): ${unknown.join(', ')}; known: ${BLOCK_NAMES.join(', ')}`);
  process.exit(2);
}

const results: BlockResult[] = [];
const failed: string[] = [];
let floor: Record<string, number> | undefined;
const runStarted = Date.now();
for (const name of wanted) {
  const started = Date.now();
  process.stderr.write(
    `[${results.length + 1}/${wanted.length}] ${name}${values.quick ? ' (quick)' : ''}\n`,
  );
  let result: BlockResult;
  try {
    result = jsonFromOwnProcess<BlockResult>(
      join(here, 'run-block.ts'),
      [
        name,
        values.quick ? 'quick' : 'full',
        JSON.stringify(floor ?? {}),
        `--workers=${workers}`,
        ...(values.faults ? [`--faults=${values.faults}`] : []),
      ],
      // Handlers' own logs would bury the table: a block stops its cloud with work in flight,
      // and each consumer logs what it hands back to the queue. POWERTOOLS_LOG_LEVEL=ERROR
      // npm run bench shows them.
      { ...process.env, POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT' },
    );
  } catch {
    // The block said why on stderr; the others still run and the report says it failed.
    failed.push(name);
    results.push({ block: name, figures: {}, lines: ['FAILED: see its error above'] });
    continue;
  }
  if (name === 'floor') floor = result.figures;
  results.push(result);
  process.stderr.write(`    ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

console.log(
  `\naTES benchmark — ${new Date().toISOString()} — ${cpus().length} cores, Node ${process.version}${values.quick ? ', quick' : ''}\n`,
);
for (const result of results) {
  console.log(`## ${result.block}`);
  for (const line of result.lines) console.log(`  ${line}`);
  console.log('');
}
const report = {
  at: new Date().toISOString(),
  quick: values.quick,
  cores: cpus().length,
  node: process.version,
  workers,
  seconds: Math.round((Date.now() - runStarted) / 1000),
  failed,
  figures: Object.assign({}, ...results.map((r) => r.figures)),
  lines: Object.fromEntries(results.map((r) => [r.block, r.lines])),
};
const file = join(here, 'results', 'latest.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(keepingCloseDay(file, report), null, 2)}\n`);
console.log(`figures written to ${file} (${report.seconds} s in all)`);
if (failed.length > 0) {
  console.error(`block(s) failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}

/**
 * The figures `bench/close-day.ts` merged into the file (it runs apart from the blocks), kept
 * beside a new report: the two commands' figures are one file's.
 */
function keepingCloseDay(path: string, next: typeof report) {
  if (!existsSync(path)) return next;
  const previous = JSON.parse(readFileSync(path, 'utf8')) as {
    figures?: Record<string, number>;
    lines?: Record<string, string[]>;
  };
  const closeDay = Object.entries(previous.figures ?? {}).filter(([k]) =>
    k.startsWith('close_day.'),
  );
  return {
    ...next,
    figures: { ...Object.fromEntries(closeDay), ...next.figures },
    lines: previous.lines?.close_day
      ? { close_day: previous.lines.close_day, ...next.lines }
      : next.lines,
  };
}
