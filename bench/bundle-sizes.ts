/**
 * Prints the size of every Lambda bundle as infra/ builds it (ESM, minified, tree-shaken, AWS
 * SDK bundled), raw and gzipped, so a change that drags in a heavy dependency shows up here.
 *
 *   npx tsx bench/bundle-sizes.ts
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SERVICES } from '../functions/services';
import { RELAY_HANDLER } from '#shared/declaration';
import { ESBUILD_SETTINGS } from '../infra/constructs/bundling';

function entriesOf() {
  const entries = new Map<string, string>([['relay (every domain)', RELAY_HANDLER]]);
  for (const service of SERVICES) {
    for (const [name, route] of Object.entries(service.routes)) {
      entries.set(`${service.domain}.${name}`, route.handler);
    }
    if (service.consumer) entries.set(`${service.domain}.consumer`, service.consumer.handler);
    for (const schedule of service.schedules ?? []) {
      entries.set(`${service.domain}.${schedule.name}`, schedule.handler);
    }
  }
  return entries;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const rows: { name: string; raw: number; gzip: number; ms: number }[] = [];
for (const [name, entry] of entriesOf()) {
  if (!existsSync(entry)) {
    console.log(`skip ${name}: ${entry} does not exist yet`);
    continue;
  }
  const started = performance.now();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    minify: true,
    treeShaking: true,
    target: ESBUILD_SETTINGS.target,
    mainFields: [...ESBUILD_SETTINGS.mainFields],
    banner: { js: ESBUILD_SETTINGS.banner },
    alias: ESBUILD_SETTINGS.alias,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  rows.push({
    name,
    raw: code.length,
    gzip: gzipSync(code).length,
    ms: performance.now() - started,
  });
}

rows.sort((a, b) => b.raw - a.raw);
const width = Math.max(...rows.map((r) => r.name.length));
console.log(
  `\n${'function'.padEnd(width)}  ${'bundle'.padStart(10)}  ${'gzip'.padStart(10)}  build`,
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(width)}  ${kb(r.raw).padStart(10)}  ${kb(r.gzip).padStart(10)}  ${r.ms.toFixed(0)} ms`,
  );
}
const total = rows.reduce((sum, r) => sum + r.raw, 0);
console.log(
  `\n${rows.length} bundles, ${kb(total)} in all, largest ${rows[0] ? kb(rows[0].raw) : '-'}`,
);
