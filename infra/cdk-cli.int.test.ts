// @heavy: runs the CDK CLI three times side by side (about 45 s of CPU; 57 s with four runs on a loaded machine)
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
import { inParallel } from '#shared/in-parallel';
import { bundleAll } from '../bench/lib/bundles';
import { REPO_ROOT } from './paths';

/**
 * The CDK CLI as a user runs it, not an in-process App: the CLI sets CDK_DEFAULT_REGION
 * (us-east-1 when nothing is configured) and, with credentials, CDK_DEFAULT_ACCOUNT, and
 * cdk-nag spells an ARN differently in each case, so an acknowledgement that matches in the
 * in-process tests can miss here (issue 22: `npm run synth` failed on a fresh clone).
 *
 * Two environments run side by side, each one `npm run synth` into its own output folder:
 * nothing configured, as on a fresh clone (the CLI still sets a region, so this is also the
 * region-only spelling: a literal region, the account a token), and an account and a region.
 * Both have built dashboards (a fixture: what they hold does not matter to a policy), which
 * give the web stack its upload function and its acknowledgements, the stricter check: without
 * them the web stack only loses resources, and the stage without dashboards is checked in
 * process (`infra.test.ts` synthesizes it so, with cdk-nag). A separate region-only run
 * (AWS_REGION set) proved nothing more: the CLI honouring AWS_REGION shows in the second run.
 * Each run selects the web stack (`--exclusively ates-dev-web`), which bundles only that stack's
 * functions: bundling a function changes nothing cdk-nag reads, and bundling all of them cost
 * two thirds of this file's CPU (59 s of CPU against 18 s). cdk-nag still checks every stack
 * of the app, but the CLI fails only on findings in the stacks it selected, so the test reads
 * the cloud assembly's validation report, which lists every finding. Any finding fails it.
 * Only the fresh clone's run also runs CDK's CloudFormation validation (CFN_VALIDATION_OFF).
 * That every function bundles is checked beside them, in one esbuild run with infra's settings.
 *
 * A fourth run is a deploy with cdk.json's placeholder sender: it must stop in synth, naming
 * the fix, before it could reach AWS (it has fake credentials and an unreachable endpoint, so
 * even a regression could create nothing anywhere).
 */

const ACCOUNT = '123456789012';
/** The runs share two cores with the rest of the suite; alone they take about a minute. */
const CLI_TIMEOUT = 15 * 60_000;
const REGION = 'eu-central-1';
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
 * At most two CLI runs at a time: on a 2-core CI machine more only slices the same CPU thinner,
 * and four at once starved the system tests running beside this file (a login past its 10 s).
 */
const CLI_RUNS_AT_ONCE = 2;

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

/** Every finding of every validation plugin (cdk-nag's AwsSolutions) in the whole app. */
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

/**
 * CDK's built-in CloudFormation template validation checks the templates' shape, which the
 * account and region do not change, and costs more than half of a synth's CPU (13 s of 22):
 * the fresh clone's run keeps it, as `npm run synth` does; the other environment, there for
 * cdk-nag's ARN spelling, turns it off (CDK_VALIDATION=false, as `--no-validation` does).
 */
const CFN_VALIDATION_OFF = { CDK_VALIDATION: 'false' };

let freshClone: Promise<Run>;
let accountAndRegion: Promise<Run>;
let placeholderDeploy: Promise<Run>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ates-cdk-cli-'));
  // Fixture: built dashboards, a folder with an index.html (what the web stack looks for).
  const built = join(scratch, 'dashboards');
  mkdirSync(built);
  writeFileSync(join(built, 'index.html'), '<!doctype html><title>aTES</title>');

  const synth = (dashboards: string, ...more: string[]) => [
    'npm',
    'run',
    'synth',
    '--',
    '-c',
    `dashboards=${dashboards}`,
    ...more,
  ];
  const runs = inParallel(
    [
      ['fresh-clone', synth(built, '--exclusively', 'ates-dev-web'), {}],
      [
        'account-and-region',
        synth(built, '--exclusively', 'ates-dev-web'),
        { AWS_REGION: REGION, CDK_DEFAULT_ACCOUNT: ACCOUNT, ...CFN_VALIDATION_OFF },
      ],
      [
        'placeholder-deploy',
        [CDK_BIN, 'deploy', '--all', '--require-approval', 'never'],
        {
          AWS_REGION: REGION,
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        },
      ],
    ] as const satisfies readonly (readonly [string, string[], Record<string, string>])[],
    CLI_RUNS_AT_ONCE,
    ([name, command, env]) => run(name, command, env),
  );
  [freshClone, accountAndRegion, placeholderDeploy] = [0, 1, 2].map((i) =>
    runs.then((all) => all[i]!),
  ) as [Promise<Run>, Promise<Run>, Promise<Run>];
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Synthesized for `environment` with no cdk-nag finding in any stack, the dashboards uploaded. */
async function expectCleanSynth(run: Promise<Run>, environment: string) {
  const result = await run;
  expect(findingsOf(result)).toStrictEqual([]);
  expect(result.code, result.output).toBe(0);
  expect(environmentsOf(result.outdir)).toStrictEqual(new Set([environment]));
  expect(uploadsDashboards(result.outdir)).toBe(true);
  return result;
}

describe('npm run synth through the CDK CLI', () => {
  it(
    'passes on a fresh clone with no AWS configuration (the CLI still sets a region), dashboards built',
    async () => {
      const result = await expectCleanSynth(freshClone, 'aws://unknown-account/us-east-1');
      // The placeholder sender is only a warning in a synth, and says what a deploy will do (on
      // the mailing stack, which the CLI prints when it is selected; the assembly keeps it).
      expect(warningsOf(result.outdir).join('\n')).toMatch(/A deploy to AWS refuses this sender/);
    },
    CLI_TIMEOUT,
  );

  it(
    'passes with an account and a region, dashboards built',
    () => expectCleanSynth(accountAndRegion, `aws://${ACCOUNT}/${REGION}`),
    CLI_TIMEOUT,
  );
});

describe('every function', () => {
  it(
    'bundles with the settings infra/ deploys it with',
    async () => {
      const sizes = await bundleAll();
      expect(sizes.size).toBeGreaterThan(20);
      for (const [name, bytes] of sizes) expect(bytes, name).toBeGreaterThan(10_000);
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
