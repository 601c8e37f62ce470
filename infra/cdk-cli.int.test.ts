// @heavy: runs the CDK CLI twice side by side, one of them with CDK's CloudFormation validation (about 23 s of CPU)
// @no-engine: it calls no DynamoDB (test/support/heavy.ts)
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths';

/**
 * The CDK CLI as a user runs it, not an in-process App: the CLI reads cdk.json, runs its app
 * command, sets CDK_DEFAULT_REGION (us-east-1 when nothing is configured) and stages the assets,
 * and cdk-nag spells an ARN differently for each environment, so an acknowledgement that matches
 * in the in-process tests can miss here (issue 22: `npm run synth` failed on a fresh clone).
 *
 * Two runs side by side. `npm run synth` with nothing configured, as on a fresh clone (the CLI
 * still sets a region, so this is the region-only spelling: a literal region, the account a
 * token), with built dashboards (a fixture: what they hold does not matter to a policy), which
 * give the web stack its upload function and its acknowledgements, the stricter check. The
 * other spellings are checked in process, where they cost no CLI and no app of their own: an
 * account and a region by the throwaway stage of `variants.test.ts` (with dashboards; the
 * environment from the same `cliEnvironment` as the app's), none at all and no dashboards by
 * `infra.test.ts`. A run of the CLI for an account and a region proved nothing more: that the
 * CLI passes AWS_REGION on is the CLI's own behaviour (66 -> 32 s of CPU for this file run alone,
 * with the esbuild run over every function, now in `bundling.test.ts`; test/README.md).
 * The run selects the web stack (`--exclusively ates-dev-web`), which bundles only that stack's
 * functions (none: its upload helper is CDK's, prebuilt): bundling a function changes nothing
 * cdk-nag reads, and bundling all of them cost two thirds of this file's CPU (59 s of CPU against
 * 18 s). cdk-nag still checks every stack of the app, but the CLI fails only on findings in the
 * stacks it selected, so the test reads the cloud assembly's validation report, which lists
 * every finding of every stack, CDK's own CloudFormation validation's among them (on, as
 * `npm run synth` has it; the in-process tests turn it off, so this is the one run of it). Any
 * finding fails it.
 *
 * The other run is a deploy with cdk.json's placeholder sender: it must stop in synth, naming
 * the fix, before it could reach AWS (it has fake credentials and an unreachable endpoint, so
 * even a regression could create nothing anywhere).
 */

/** The runs share two cores with the rest of the suite; alone they take about a minute. */
const CLI_TIMEOUT = 15 * 60_000;
let scratch: string;

interface Run {
  code: number | null;
  output: string;
  outdir: string;
}

/**
 * The developer's own AWS and CDK settings are left out: the environment is exactly the one
 * named. AWS files point nowhere, the EC2 metadata lookup (seconds of timeouts off EC2) is off.
 */
function cleanEnvironment(extra: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(AWS|CDK)_/.test(key) && key !== 'NODE_ENV') env[key] = value;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: join(scratch, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    ...extra,
  };
}

/**
 * The deploy calls the CLI's own bin, as `npx cdk` finds it: `npm exec` would first load npm and
 * resolve the package (about a second of CPU) only to run the same file.
 */
const CDK_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'cdk');

function run(
  name: string,
  [command, ...args]: readonly string[],
  env: Record<string, string>,
): Promise<Run> {
  const outdir = join(scratch, name);
  return new Promise((resolve, reject) => {
    const child = spawn(command!, [...args, '--output', outdir], {
      cwd: REPO_ROOT,
      env: cleanEnvironment(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, output: Buffer.concat(output).toString(), outdir }),
    );
  });
}

/** `aws://account/region` of every stack the run synthesized. */
function environmentsOf(outdir: string) {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  return new Set(
    Object.values(manifest.artifacts as Record<string, { type: string; environment?: string }>)
      .filter((artifact) => artifact.type === 'aws:cloudformation:stack')
      .map((artifact) => artifact.environment),
  );
}

/** The warnings every stack of the assembly carries (`*.metadata.json`, selected or not). */
function warningsOf(outdir: string): string[] {
  return readdirSync(outdir)
    .filter((file) => file.endsWith('.metadata.json'))
    .flatMap((file) =>
      Object.values(
        JSON.parse(readFileSync(join(outdir, file), 'utf8')) as Record<
          string,
          { type: string; data: unknown }[]
        >,
      ).flat(),
    )
    .filter((entry) => entry.type === 'aws:cdk:warning')
    .map((entry) => JSON.stringify(entry.data));
}

const uploadsDashboards = (outdir: string) =>
  readFileSync(join(outdir, 'ates-dev-web.template.json'), 'utf8').includes(
    'Custom::CDKBucketDeployment',
  );

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** Every finding of every validation plugin (cdk-nag's AwsSolutions, CloudFormation's) in the app. */
function findingsOf(run: Run) {
  const file = join(run.outdir, 'validation-report.json');
  expect(existsSync(file), run.output).toBe(true);
  const report: ValidationReport = JSON.parse(readFileSync(file, 'utf8'));
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((c) => `${violation.ruleName} at ${c.constructPath}`),
    ),
  );
}

let freshClone: Promise<Run>;
let placeholderDeploy: Promise<Run>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ates-cdk-cli-'));
  // Fixture: built dashboards, a folder with an index.html (what the web stack looks for).
  const built = join(scratch, 'dashboards');
  mkdirSync(built);
  writeFileSync(join(built, 'index.html'), '<!doctype html><title>aTES</title>');

  // Two runs, one per core: four at once on 2 cores starved the system tests beside this file
  // (a login past its 10 s), and each runs a single node process at a time.
  freshClone = run(
    'fresh-clone',
    ['npm', 'run', 'synth', '--', '-c', `dashboards=${built}`, '--exclusively', 'ates-dev-web'],
    {},
  );
  placeholderDeploy = run(
    'placeholder-deploy',
    [CDK_BIN, 'deploy', '--all', '--require-approval', 'never'],
    {
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    },
  );
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('npm run synth through the CDK CLI', () => {
  it(
    'passes on a fresh clone with no AWS configuration (the CLI still sets a region), dashboards built',
    async () => {
      const result = await freshClone;
      expect(findingsOf(result)).toStrictEqual([]);
      expect(result.code, result.output).toBe(0);
      expect(environmentsOf(result.outdir)).toStrictEqual(
        new Set(['aws://unknown-account/us-east-1']),
      );
      expect(uploadsDashboards(result.outdir)).toBe(true);
      // The placeholder sender is only a warning in a synth, and says what a deploy will do (on
      // the mailing stack, which the CLI prints when it is selected; the assembly keeps it).
      expect(warningsOf(result.outdir).join('\n')).toMatch(/A deploy to AWS refuses this sender/);
    },
    CLI_TIMEOUT,
  );
});

describe('cdk deploy with the placeholder sender', () => {
  it(
    'stops in synth, before any stack, naming the context key to set',
    async () => {
      const result = await placeholderDeploy;
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/payouts@example\.com can never be verified by SES/);
      expect(result.output).toMatch(/stages\.dev\.senderEmail in cdk\.json/);
      expect(result.output).toMatch(/-c senderEmail=/);
      // Synth stopped: no cloud assembly, so nothing was bundled, published or deployed.
      expect(existsSync(join(result.outdir, 'manifest.json'))).toBe(false);
    },
    CLI_TIMEOUT,
  );
});
