import { build, type Metafile } from 'esbuild';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SERVICES } from '../../functions/services';
import { RELAY_HANDLER } from '#shared/declaration';
import { ESBUILD_SETTINGS } from '../../infra/constructs/bundling';

/** The relay's name in every listing. */
export const RELAY = 'relay (every domain)';

/** Every Lambda entry point the CDK app deploys, by function name. */
export function lambdaEntries(): Map<string, string> {
  const entries = new Map<string, string>([[RELAY, RELAY_HANDLER]]);
  for (const service of SERVICES) {
    for (const [name, route] of Object.entries(service.routes)) {
      entries.set(`${service.domain}.${name}`, route.handler);
    }
    if (service.consumer) entries.set(`${service.domain}.consumer`, service.consumer.handler);
    for (const schedule of service.schedules ?? []) {
      entries.set(`${service.domain}.${schedule.name}`, schedule.handler);
    }
  }
  return new Map([...entries].filter(([, entry]) => existsSync(entry)));
}

/**
 * Issue 25's cold-start target: a function's module load within twice an empty module's plus
 * this, in CPU milliseconds (user + system), with and without source maps. The byte targets of
 * issue 15 are retired: bytes stood for load time, which is now measured instead.
 */
export const LOAD_SLACK_CPU_MS = 40;

/** The load CPU a function must stay within, given an empty module's. */
export const loadTargetCpuMs = (emptyModuleCpuMs: number) =>
  2 * emptyModuleCpuMs + LOAD_SLACK_CPU_MS;

/** esbuild's options for a Lambda bundle as `infra/` builds one (ESM, minified, SDK inside). */
const LAMBDA_BUILD = {
  bundle: true,
  write: false as const,
  format: 'esm' as const,
  platform: 'node' as const,
  minify: true,
  treeShaking: true,
  target: ESBUILD_SETTINGS.target,
  mainFields: [...ESBUILD_SETTINGS.mainFields],
  banner: { js: ESBUILD_SETTINGS.banner },
  alias: { ...ESBUILD_SETTINGS.alias },
  logLevel: 'silent' as const,
};

/** The bundle's file name in a Lambda asset; its source map is this plus `.map`. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * Bundles one entry exactly as `infra/` does (ESM, minified, tree-shaken, SDK inside, an external
 * source map without the sources' text): `code` is `index.mjs`, `map` the `index.mjs.map` beside it.
 */
export async function bundle(entry: string) {
  const started = performance.now();
  const result = await build({
    ...LAMBDA_BUILD,
    entryPoints: [entry],
    metafile: true,
    sourcemap: 'linked',
    sourcesContent: false,
    outfile: BUNDLE_FILE,
  });
  const fileOf = (suffix: string) => result.outputFiles.find((f) => f.path.endsWith(suffix))!;
  const code = fileOf(`/${BUNDLE_FILE}`).contents;
  return {
    code,
    map: fileOf(`/${BUNDLE_FILE}.map`).contents,
    raw: code.length,
    gzip: gzipSync(code).length,
    ms: performance.now() - started,
    packages: weighPackages(result.metafile),
    metafile: result.metafile,
  };
}

/** Bytes each npm package (or aTES's own code) contributes to the bundle, heaviest first. */
export function weighPackages(metafile: Metafile): [string, number][] {
  const output = Object.entries(metafile.outputs).find(([file]) => !file.endsWith('.map'))![1];
  const byPackage = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = match ? match[1]! : '(aTES code)';
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

/**
 * Bundles every Lambda entry in one esbuild run (seconds, where the CDK CLI bundling each one
 * takes most of a minute of CPU, and a run per entry parses the AWS SDK again each time): each
 * function's entry and bundle (`index.mjs`, without its source map), by name. A function that
 * cannot be bundled fails it.
 */
export async function bundleAll(
  entries = lambdaEntries(),
): Promise<Map<string, { entry: string; code: string }>> {
  const names = [...entries.keys()];
  const result = await build({
    ...LAMBDA_BUILD,
    entryPoints: Object.fromEntries(names.map((name, i) => [`f${i}`, entries.get(name)!])),
    outdir: 'bundles',
  });
  const codeOf = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  return new Map(
    names.map((name, i) => [
      name,
      { entry: entries.get(name)!, code: codeOf.get(resolve('bundles', `f${i}.js`)) ?? '' },
    ]),
  );
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
