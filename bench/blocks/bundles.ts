import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '../../functions/services';
import type { Block } from '../lib/block';
import { bundle, kib, lambdaEntries, loadTargetMs, sizeTargetOf } from '../lib/bundles';
import { percentile, progress, round } from '../lib/measure';

/** How many of a bundle's heaviest packages go into the figures and the printed table. */
const TOP_PACKAGES = 5;

/**
 * The cold-start proxy: each function's bundle size (raw and gzipped) and how long a fresh Node
 * process takes to load it (median of several processes), beside an empty module's load time,
 * each against issue 15's targets; and what weighs in each bundle (esbuild's metafile, by
 * package). `npx tsx bench/bundle-sizes.ts` prints the sizes alone, without starting processes.
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
    // Lambda runs Node 22; on the Node 20 this may run on the SDK warns once at load: not a cost AWS has.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Loaded as in Lambda with active tracing: Powertools Tracer sets up X-Ray at load there.
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: dir,
    POWERTOOLS_TRACE_ENABLED: 'true',
    ...Object.fromEntries(SERVICES.map((s) => [s.table.envVar, `bench-${s.domain}`])),
  };
  /**
   * Median wall-clock and CPU milliseconds a fresh process takes to import the file. The target
   * is on wall-clock time; CPU time (user + system) is printed beside it because on a shared
   * machine it moves much less with the other processes' load.
   */
  const loadMs = (file: string) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(file)});const w=performance.now()-t,u=process.cpuUsage(c);console.log(w,(u.user+u.system)/1000)`,
        ],
        { env: environment, encoding: 'utf8' },
      );
      const [w, c] = out.trim().split('\n').at(-1)!.split(' ').map(Number);
      wall.push(w!);
      cpu.push(c!);
    }
    const median = (values: number[]) =>
      percentile(
        values.sort((a, b) => a - b),
        50,
      );
    return { wall: median(wall), cpu: median(cpu) };
  };
  try {
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, 'export const handler = async () => {};\n');
    const { wall: emptyMs, cpu: emptyCpuMs } = loadMs(empty);
    const figures: Record<string, number> = {
      'bundles.empty_module_load_ms': round(emptyMs),
      'bundles.empty_module_load_cpu_ms': round(emptyCpuMs),
    };
    const loadTarget = loadTargetMs(emptyMs);
    figures['bundles.load_target_ms'] = round(loadTarget);
    const rows: {
      name: string;
      raw: number;
      gzip: number;
      load: number;
      cpu: number;
      packages: [string, number][];
    }[] = [];
    for (const [name, entry] of lambdaEntries()) {
      progress(`bundles: ${name}`);
      const result = await bundle(entry);
      const file = join(dir, `${name.replace(/[^\w.-]/g, '_')}.mjs`);
      writeFileSync(file, result.code);
      const { wall: load, cpu } = loadMs(file);
      rows.push({ name, raw: result.raw, gzip: result.gzip, load, cpu, packages: result.packages });
      const key = `bundles.${name.split(' ')[0]}`;
      figures[`${key}.kib`] = round(result.raw / 1024);
      figures[`${key}.gzip_kib`] = round(result.gzip / 1024);
      figures[`${key}.target_kib`] = round(sizeTargetOf(name) / 1024);
      figures[`${key}.load_ms`] = round(load);
      figures[`${key}.load_cpu_ms`] = round(cpu);
      for (const [pkg, bytes] of result.packages.slice(0, TOP_PACKAGES)) {
        figures[`${key}.package.${pkg}.kib`] = round(bytes / 1024);
      }
    }
    rows.sort((a, b) => b.raw - a.raw);
    const sizeOk = (r: (typeof rows)[number]) => r.raw <= sizeTargetOf(r.name);
    const loadOk = (r: (typeof rows)[number]) => r.load <= loadTarget;
    figures['bundles.largest_kib'] = round((rows[0]?.raw ?? 0) / 1024);
    figures['bundles.slowest_load_ms'] = round(Math.max(...rows.map((r) => r.load)));
    figures['bundles.over_size_target'] = rows.filter((r) => !sizeOk(r)).length;
    figures['bundles.over_load_target'] = rows.filter((r) => !loadOk(r)).length;
    const width = Math.max(...rows.map((r) => r.name.length));
    const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    return {
      block: 'bundles',
      figures,
      lines: [
        `${'function'.padEnd(width)}  ${'bundle'.padStart(10)}  ${'gzip'.padStart(10)}  ${'target'.padStart(10)}  size  ${'load'.padStart(7)}  ${'cpu'.padStart(6)}  load  heaviest packages (KiB)`,
        ...rows.map(
          (r) =>
            `${r.name.padEnd(width)}  ${kib(r.raw).padStart(10)}  ${kib(r.gzip).padStart(10)}  ${kib(sizeTargetOf(r.name)).padStart(10)}  ${verdict(sizeOk(r))}  ${`${r.load.toFixed(0)} ms`.padStart(7)}  ${`${r.cpu.toFixed(0)} ms`.padStart(6)}  ${verdict(loadOk(r))}  ${r.packages
              .slice(0, TOP_PACKAGES)
              .map(([pkg, bytes]) => `${pkg} ${(bytes / 1024).toFixed(0)}`)
              .join(', ')}`,
        ),
        `empty module loads in ${emptyMs.toFixed(1)} ms (${emptyCpuMs.toFixed(1)} ms CPU; median of ${runs} fresh processes); load target ${loadTarget.toFixed(0)} ms (2 × empty + 60 ms)`,
        `size targets: 250 KB per function, 150 KB for the relay and consumers (KB = 1,000 bytes; index.mjs only, the source map ships beside it)`,
        `${figures['bundles.over_size_target']} of ${rows.length} over the size target, ${figures['bundles.over_load_target']} over the load target`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
