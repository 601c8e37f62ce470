import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES } from '../../functions/services';
import { LAMBDA_NODE_OPTIONS } from '../../infra/constructs/bundling';
import type { BlockResult } from './block';
import {
  BUNDLE_FILE,
  bundle,
  kib,
  lambdaEntries,
  LOAD_SLACK_CPU_MS,
  loadTargetCpuMs,
} from './bundles';
import { percentile, progress, round } from './measure';

/** How many of a bundle's heaviest packages go into the figures and the printed table. */
const TOP_PACKAGES = 5;

/** One way of starting a function: with source maps as deployed, or with none at all. */
interface LoadMode {
  key: string;
  label: string;
  nodeOptions: string;
  /** Whether the source map ships beside the bundle. */
  withMap: boolean;
}

/**
 * "maps": as Lambda starts it (infra's NODE_OPTIONS, the source map beside the bundle), so stack
 * traces can be read; "no_maps": no source map and no NODE_OPTIONS, the least a start can cost.
 */
const MODES: LoadMode[] = [
  {
    key: 'maps',
    label: `with maps (${LAMBDA_NODE_OPTIONS || 'no NODE_OPTIONS'})`,
    nodeOptions: LAMBDA_NODE_OPTIONS,
    withMap: true,
  },
  { key: 'no_maps', label: 'without maps', nodeOptions: '', withMap: false },
];

interface Load {
  wall: number;
  cpu: number;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/**
 * The cold-start measure of issue 25: each function bundled as `infra/` builds it, imported by a
 * fresh Node process `runs` times in each mode, the median CPU time of the import (user +
 * system, `process.cpuUsage()` around it; wall-clock time beside it for information) against
 * twice an empty module's plus 40 ms. CPU time is what is compared because on a shared machine
 * it moves far less than wall-clock time with the other processes' load.
 */
export async function measureBundleLoads(runs: number): Promise<BlockResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ates-bench-bundles-'));
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
  const loadOnce = (file: string, nodeOptions: string): Load => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(file)});const w=performance.now()-t,u=process.cpuUsage(c);console.log(w,(u.user+u.system)/1000)`,
      ],
      { env: { ...environment, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' },
    );
    const [wall, cpu] = out.trim().split('\n').at(-1)!.split(' ').map(Number);
    return { wall: wall!, cpu: cpu! };
  };
  /** Median of `runs` fresh processes; the modes interleaved, so a burst of load hits both. */
  const loadEach = (files: Record<string, string>): Record<string, Load> => {
    const samples = Object.fromEntries(MODES.map((m) => [m.key, [] as Load[]]));
    for (let i = 0; i < runs; i++) {
      for (const mode of MODES)
        samples[mode.key]!.push(loadOnce(files[mode.key]!, mode.nodeOptions));
    }
    return Object.fromEntries(
      MODES.map((m) => [
        m.key,
        {
          wall: median(samples[m.key]!.map((s) => s.wall)),
          cpu: median(samples[m.key]!.map((s) => s.cpu)),
        },
      ]),
    );
  };
  try {
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, 'export const handler = async () => {};\n');
    const emptyLoads = loadEach(Object.fromEntries(MODES.map((m) => [m.key, empty])));
    const figures: Record<string, number> = {};
    for (const mode of MODES) {
      const load = emptyLoads[mode.key]!;
      figures[`bundles.empty_module.${mode.key}.load_cpu_ms`] = round(load.cpu);
      figures[`bundles.empty_module.${mode.key}.load_ms`] = round(load.wall);
      figures[`bundles.target.${mode.key}.load_cpu_ms`] = round(loadTargetCpuMs(load.cpu));
    }
    const targetOf = (mode: LoadMode) => loadTargetCpuMs(emptyLoads[mode.key]!.cpu);
    const rows: {
      name: string;
      raw: number;
      gzip: number;
      loads: Record<string, Load>;
      packages: [string, number][];
    }[] = [];
    for (const [name, entry] of lambdaEntries()) {
      progress(`bundles: ${name}`);
      const result = await bundle(entry);
      const files: Record<string, string> = {};
      for (const mode of MODES) {
        // Each its own folder, as each function is its own Lambda asset.
        const folder = join(dir, `${name.replace(/[^\w.-]/g, '_')}-${mode.key}`);
        mkdirSync(folder);
        writeFileSync(join(folder, BUNDLE_FILE), result.code);
        if (mode.withMap) writeFileSync(join(folder, `${BUNDLE_FILE}.map`), result.map);
        files[mode.key] = join(folder, BUNDLE_FILE);
      }
      const loads = loadEach(files);
      rows.push({ name, raw: result.raw, gzip: result.gzip, loads, packages: result.packages });
      const key = `bundles.${name.split(' ')[0]}`;
      figures[`${key}.kib`] = round(result.raw / 1024);
      figures[`${key}.gzip_kib`] = round(result.gzip / 1024);
      for (const mode of MODES) {
        figures[`${key}.${mode.key}.load_cpu_ms`] = round(loads[mode.key]!.cpu);
        figures[`${key}.${mode.key}.load_ms`] = round(loads[mode.key]!.wall);
      }
      for (const [pkg, bytes] of result.packages.slice(0, TOP_PACKAGES)) {
        figures[`${key}.package.${pkg}.kib`] = round(bytes / 1024);
      }
    }
    rows.sort((a, b) => b.loads[MODES[0]!.key]!.cpu - a.loads[MODES[0]!.key]!.cpu);
    const meets = (r: (typeof rows)[number]) =>
      MODES.every((m) => r.loads[m.key]!.cpu <= targetOf(m));
    for (const mode of MODES) {
      figures[`bundles.slowest.${mode.key}.load_cpu_ms`] = round(
        Math.max(...rows.map((r) => r.loads[mode.key]!.cpu)),
      );
    }
    figures['bundles.over_load_target'] = rows.filter((r) => !meets(r)).length;
    const width = Math.max(...rows.map((r) => r.name.length));
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const column = (load: Load) => `${ms(load.cpu)} (${ms(load.wall)})`.padStart(17);
    return {
      block: 'bundles',
      figures,
      lines: [
        `load CPU (wall) in ms, median of ${runs} fresh processes; target ≤ 2 × empty module + ${LOAD_SLACK_CPU_MS} ms CPU in each mode`,
        ...MODES.map(
          (m) =>
            `  ${m.label}: empty module ${emptyLoads[m.key]!.cpu.toFixed(1)} ms CPU (${emptyLoads[m.key]!.wall.toFixed(1)} ms wall), target ${targetOf(m).toFixed(1)} ms CPU`,
        ),
        `${'function'.padEnd(width)}  ${MODES.map((m) => m.key.padStart(17)).join('  ')}  verdict  ${'bundle'.padStart(10)}  heaviest packages (KiB)`,
        ...rows.map(
          (r) =>
            `${r.name.padEnd(width)}  ${MODES.map((m) => column(r.loads[m.key]!)).join('  ')}  ${(meets(r) ? 'pass' : 'FAIL').padEnd(7)}  ${kib(r.raw).padStart(10)}  ${r.packages
              .slice(0, TOP_PACKAGES)
              .map(([pkg, bytes]) => `${pkg} ${(bytes / 1024).toFixed(0)}`)
              .join(', ')}`,
        ),
        `${figures['bundles.over_load_target']} of ${rows.length} over the load target (bytes for information: index.mjs only, the source map ships beside it)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
