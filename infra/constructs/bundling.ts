import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The environment-only credential provider that replaces the SDK's default chain in bundles. */
export const CREDENTIALS_FROM_ENV = './infra/bundling/credentials-from-env.ts';
/** A stand-in for the SDK's event-stream support, which no aTES operation uses. */
export const NO_EVENT_STREAMS = './infra/bundling/no-event-streams.ts';

/**
 * esbuild settings shared by every Lambda bundle and by `bench/bundle-sizes.ts`, so the figures
 * the bench prints are those of the code that is deployed.
 */
export const ESBUILD_SETTINGS = {
  target: 'node22',
  // ESM builds of the SDK and middy first; `main` for packages that only ship CommonJS.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into an ESM file still call `require`; give them one.
  banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
  alias: {
    '@aws-sdk/credential-provider-node': CREDENTIALS_FROM_ENV,
    '@smithy/core/event-streams': NO_EVENT_STREAMS,
  },
} as const;

/**
 * NODE_OPTIONS every function starts with (empty: none). `bench/blocks/bundles.ts` loads each
 * bundle with it, so the load it measures is the one Lambda pays. Not `--enable-source-maps`:
 * it parses the source map at every cold start (+20–60 ms CPU); the map beside the bundle is
 * read only when a stack trace is first printed (`functions/shared/source-mapped-stacks.ts`).
 */
export const LAMBDA_NODE_OPTIONS = '';

/**
 * How every handler is bundled: the local esbuild (never Docker), one ESM file per function with
 * the AWS SDK inside it, so the code that runs is the code the tests ran, not the SDK version the
 * Lambda runtime happens to ship.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: ESBUILD_SETTINGS.target,
  mainFields: [...ESBUILD_SETTINGS.mainFields],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  forceDockerBundling: false,
  banner: ESBUILD_SETTINGS.banner,
  esbuildArgs: {
    // esbuild tree-shakes bundles by default; said out loud because the bundle size depends on it.
    '--tree-shaking': 'true',
    '--alias': Object.entries(ESBUILD_SETTINGS.alias).map(([from, to]) => `${from}=${to}`),
  },
};
