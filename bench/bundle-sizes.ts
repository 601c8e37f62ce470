/**
 * What weighs in each bundle: every Lambda bundle as infra/ builds it (ESM, minified,
 * tree-shaken, AWS SDK bundled), raw and gzipped, with the packages that weigh most in each
 * (from esbuild's metafile), so a change that drags in a heavy dependency shows up here. For
 * information: the target is on load CPU time (`npm run bench:bundles`), not on bytes.
 *
 *   npx tsx bench/bundle-sizes.ts [--top 6] [--weigh auth.login]
 *
 * `--weigh NAME` lists every package of that one function instead of the top few of each.
 */
import { parseArgs } from 'node:util';
import { bundle, kib, lambdaEntries } from './lib/bundles';

const { values } = parseArgs({
  options: { weigh: { type: 'string' }, top: { type: 'string', default: '5' } },
});
const top = Number(values.top);

const rows: { name: string; raw: number; gzip: number; packages: [string, number][] }[] = [];
for (const [name, entry] of lambdaEntries()) {
  if (values.weigh && values.weigh !== name) continue;
  const result = await bundle(entry);
  rows.push({ name, raw: result.raw, gzip: result.gzip, packages: result.packages });
}
if (rows.length === 0) throw new Error(`no function named ${values.weigh}`);

rows.sort((a, b) => b.raw - a.raw);
const width = Math.max(...rows.map((r) => r.name.length));
console.log(
  `${'function'.padEnd(width)}  ${'bundle'.padStart(10)}  ${'gzip'.padStart(10)}  heaviest packages`,
);
for (const r of rows) {
  const heaviest = r.packages
    .slice(0, values.weigh ? undefined : top)
    .map(([pkg, bytes]) => `${pkg} ${(bytes / 1024).toFixed(0)}`)
    .join(', ');
  console.log(
    `${r.name.padEnd(width)}  ${kib(r.raw).padStart(10)}  ${kib(r.gzip).padStart(10)}  ${heaviest}`,
  );
}
const total = rows.reduce((sum, r) => sum + r.raw, 0);
console.log(
  `\n${rows.length} bundles, ${kib(total)} in all, largest ${kib(rows[0]!.raw)} (package figures in KiB; index.mjs only, the source map is a separate file)`,
);
