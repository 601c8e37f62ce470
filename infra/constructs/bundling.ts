import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every handler is bundled: the local esbuild (never Docker), one ESM file per function with
 * the AWS SDK inside it, so the code that runs is the code the tests ran, not the SDK version the
 * Lambda runtime happens to ship.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  // ESM builds of the SDK and middy first; `main` for packages that only ship CommonJS.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  forceDockerBundling: false,
  // CommonJS dependencies bundled into an ESM file still call `require`; give them one.
  banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
  // esbuild tree-shakes bundles by default; said out loud because the bundle size depends on it.
  esbuildArgs: { '--tree-shaking': 'true' },
};
