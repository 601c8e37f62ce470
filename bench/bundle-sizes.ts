/**
 * Prints the size of every Lambda bundle as infra/ builds it (ESM, minified, tree-shaken, AWS
 * SDK bundled), raw and gzipped, so a change that drags in a heavy dependency shows up here.
 * With `--weigh NAME` it also prints what weighs most inside that function's bundle.
 *
 *   npx tsx bench/bundle-sizes.ts [--weigh auth.login]
 */
import { parseArgs } from 'node:util';
import { bundle, lambdaEntries } from './lib/bundles';

const { values } = parseArgs({ options: { weigh: { type: 'string' } } });
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const rows: { name: string; raw: number; gzip: number; ms: number }[] = [];
for (const [name, entry] of lambdaEntries()) {
  const result = await bundle(entry, values.weigh === name);
  rows.push({ name, raw: result.raw, gzip: result.gzip, ms: result.ms });
  if (result.metafile) {
    const output = Object.values(result.metafile.outputs)[0]!;
    const byPackage = new Map<string, number>();
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      const key = match ? match[1]! : '(aTES code)';
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
    console.log(`\nwhat weighs in ${name}:`);
    for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
      console.log(`  ${kb(bytes).padStart(10)}  ${pkg}`);
    }
  }
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
