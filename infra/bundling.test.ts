import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { RELAY_HANDLER } from '#shared/declaration';
import { DomainFunction } from './constructs/domain-function';

interface Lambda {
  Runtime: string;
  Handler: string;
  Code: { S3Key: string };
}

/**
 * The other infra tests skip bundling to stay fast; this one bundles one real handler with the
 * project's settings (local esbuild, no Docker) and loads the result the way Lambda would.
 */
describe('bundling a handler', () => {
  it('produces one minified ESM file with the AWS SDK inside and a source map', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ates-bundle-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bundle');
    new DomainFunction(stack, 'Relay', {
      entry: RELAY_HANDLER,
      description: 'bundling test',
      environment: { EVENT_BUS_NAME: 'ates-test' },
    });
    const assembly = app.synth();

    const template = assembly.getStackArtifact(stack.artifactId).template;
    const resources = template.Resources as Record<string, { Type: string; Properties: Lambda }>;
    const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    expect(fn.Properties.Handler).toBe('index.handler');
    // The staged asset directory is named after the hash the template's S3 key carries.
    const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    const assetDir = join(outdir, `asset.${hash}`);
    const bundle = join(assetDir, 'index.mjs');
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);

    const code = readFileSync(bundle, 'utf8');
    // Bundled, not imported at run time: no bare import of the SDK or of our own modules.
    // (Booleans, not string matchers: a failure would print the whole bundle.)
    expect(/from\s*["']@aws-sdk\//.test(code)).toBe(false);
    expect(/from\s*["']\.\.?\//.test(code)).toBe(false);
    expect(code.includes('"PutEvents"')).toBe(true);
    // Minified: very long lines (the few line breaks left are inside template literals).
    expect(code.length / code.split('\n').length).toBeGreaterThan(2_000);
    expect(statSync(bundle).size).toBeGreaterThan(100_000);

    // Lambda loads it as an ES module; so can this test.
    const module = await import(pathToFileURL(bundle).href);
    expect(typeof module.handler).toBe('function');
  }, 120_000);
});
