import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SERVICES } from '../../functions/services';
import { RELAY_HANDLER } from '#shared/declaration';
import { ESBUILD_SETTINGS } from '../../infra/constructs/bundling';

/** Every Lambda entry point the CDK app deploys, by function name. */
export function lambdaEntries(): Map<string, string> {
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
  return new Map([...entries].filter(([, entry]) => existsSync(entry)));
}

/** Bundles one entry exactly as `infra/` does (ESM, minified, tree-shaken, SDK inside). */
export async function bundle(entry: string, metafile = false) {
  const started = performance.now();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    minify: true,
    treeShaking: true,
    metafile,
    target: ESBUILD_SETTINGS.target,
    mainFields: [...ESBUILD_SETTINGS.mainFields],
    banner: { js: ESBUILD_SETTINGS.banner },
    alias: ESBUILD_SETTINGS.alias,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return {
    code,
    raw: code.length,
    gzip: gzipSync(code).length,
    ms: performance.now() - started,
    metafile: result.metafile,
  };
}
