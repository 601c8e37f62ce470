import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '../../functions/services';
import type { Block } from '../lib/block';
import { bundle, lambdaEntries } from '../lib/bundles';
import { percentile, progress, round } from '../lib/measure';

/**
 * The cold-start proxy: each function's bundle size, and how long a fresh Node process takes
 * to load it (median of several processes), beside an empty module's load time.
 */
export const bundles: Block = async ({ quick }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ates-bench-bundles-'));
  const runs = quick ? 3 : 7;
  const environment = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    EVENT_BUS_NAME: 'ates-bench',
    ATES_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
    ...Object.fromEntries(SERVICES.map((s) => [s.table.envVar, `bench-${s.domain}`])),
  };
  const loadMs = (file: string) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`,
        ],
        { env: environment, encoding: 'utf8' },
      );
      times.push(Number(out.trim().split('\n').at(-1)));
    }
    return percentile(
      times.sort((a, b) => a - b),
      50,
    );
  };
  try {
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, 'export const handler = async () => {};\n');
    const emptyMs = loadMs(empty);
    const figures: Record<string, number> = { 'bundles.empty_module_load_ms': round(emptyMs) };
    const rows: { name: string; raw: number; gzip: number; load: number }[] = [];
    for (const [name, entry] of lambdaEntries()) {
      progress(`bundles: ${name}`);
      const result = await bundle(entry);
      const file = join(dir, `${name.replace(/[^\w.-]/g, '_')}.mjs`);
      writeFileSync(file, result.code);
      const load = loadMs(file);
      rows.push({ name, raw: result.raw, gzip: result.gzip, load });
      figures[`bundles.${name.split(' ')[0]}.kib`] = round(result.raw / 1024);
      figures[`bundles.${name.split(' ')[0]}.load_ms`] = round(load);
    }
    rows.sort((a, b) => b.raw - a.raw);
    figures['bundles.largest_kib'] = round((rows[0]?.raw ?? 0) / 1024);
    figures['bundles.slowest_load_ms'] = round(Math.max(...rows.map((r) => r.load)));
    const width = Math.max(...rows.map((r) => r.name.length));
    return {
      block: 'bundles',
      figures,
      lines: [
        `${'function'.padEnd(width)}  ${'bundle'.padStart(10)}  ${'gzip'.padStart(10)}  ${'load'.padStart(9)}`,
        ...rows.map(
          (r) =>
            `${r.name.padEnd(width)}  ${`${(r.raw / 1024).toFixed(1)} KiB`.padStart(10)}  ${`${(r.gzip / 1024).toFixed(1)} KiB`.padStart(10)}  ${`${r.load.toFixed(0)} ms`.padStart(9)}`,
        ),
        `empty module loads in ${emptyMs.toFixed(1)} ms (median of ${runs} fresh processes)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
