/**
 * The part of the system a CPU profile's frame belongs to, from its script's URL: the AWS SDK,
 * zod, each Powertools utility, each part of the local cloud, the product's code by domain,
 * the bench's own meters. Node's internals and V8's builtins (no URL of the project's) are
 * `node`; the profile's own pseudo-frames keep their names (`(garbage collector)`, …).
 */
export function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'node';
  if (url.startsWith('node:') || !url.startsWith('file://')) return 'node';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return packageGroup(packageOf(url.slice(modules + '/node_modules/'.length)));
  const path = url.replace(/^file:\/\/\/work\/[^/]+\//, '');
  const [top, second, third] = path.split('/');
  if (top === 'local') return `local/${second}`;
  if (top === 'functions')
    return second === 'shared'
      ? `functions/shared/${third?.replace(/\.ts$/, '')}`
      : `functions/${second}`;
  if (top === 'events') return 'events (schemas)';
  if (top === 'bench' || top === 'scripts') return 'bench (meters, clients)';
  return path;
}

function packageOf(rest: string): string {
  const [scope, name] = rest.split('/');
  return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
}

const PACKAGE_GROUPS: Array<[RegExp, string]> = [
  [/^@(aws-sdk|smithy|aws-crypto)\/|^(fast-xml-parser|strnum|bowser)$/, 'AWS SDK'],
  [/^zod$/, 'zod'],
  [/^@aws-lambda-powertools\/logger$/, 'Powertools Logger'],
  [
    /^@aws-lambda-powertools\/tracer$|^(aws-xray-sdk-core|cls-hooked|async-hook-jl|emitter-listener|shimmer)$/,
    'X-Ray (Powertools Tracer, aws-xray-sdk-core)',
  ],
  [/^@aws-lambda-powertools\/metrics$/, 'Powertools Metrics'],
  [/^@aws-lambda-powertools\//, 'Powertools (commons, batch)'],
  [/^(jose|aws-jwt-verify)$/, 'JWT (jose, aws-jwt-verify)'],
  [/^(tsx|esbuild|source-map|source-map-support|get-tsconfig)$/, 'tsx (loader, source maps)'],
];

function packageGroup(name: string): string {
  for (const [pattern, group] of PACKAGE_GROUPS) if (pattern.test(name)) return group;
  return name;
}
