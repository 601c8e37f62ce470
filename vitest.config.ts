import { configDefaults, defineConfig } from 'vitest/config';
import HeavyFilesFirst from './test/support/sequencer';

/**
 * Three tiers, each a vitest project told apart by the file name (test/README.md):
 * `npm run test:unit` (no Java), `test:integration` (DynamoDB Local), `test:system` (the local
 * cloud over HTTP). `npm test` runs them together; DynamoDB Local starts only when a tier
 * that needs it has files to run.
 */
const FOLDERS = '{bench,events,functions,infra,local,test,web,scripts}';
const INTEGRATION = `${FOLDERS}/**/*.int.test.ts`;
const SYSTEM = `${FOLDERS}/**/*.system.test.ts`;
/** Unit files that run in a process of their own (the rest share a worker's packages). */
const OWN_PROCESS = ['functions/shared/tracer.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/support/per-file-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The heavy files first, then system, integration, unit (test/support/sequencer.ts).
    sequence: { sequencer: HeavyFilesFirst },
    // Most test time is spent waiting on DynamoDB Local and HTTP, not on the CPU: two files at
    // once keep two cores busy (vitest's default on 2 cores is one at a time); three overloaded them.
    maxWorkers: Number(process.env.ATES_TEST_WORKERS ?? 2),
    reporters: ['default', './test/support/tier-times.ts'],
    env: {
      // Handlers called by a test itself log nothing (POWERTOOLS_LOG_LEVEL=INFO npx vitest … shows
      // it); the system tier's local cloud keeps its functions' lines, below.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      POWERTOOLS_DEV: 'true',
      // The SDK warns once per process that Node 20 support ends in 2027; the README says so once.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${FOLDERS}/**/*.test.ts`],
          // The files of a worker share the packages it has loaded (CDK, the AWS SDK, zod) instead
          // of loading them again for each file: the tier's CPU went from 163 s to 53 s. Each file
          // still gets the project's modules fresh (test/support/per-file-setup.ts), and restores
          // what it patches on a package (`mockClient(...).restore()`).
          isolate: false,
          exclude: [...configDefaults.exclude, INTEGRATION, SYSTEM, ...OWN_PROCESS],
          globalSetup: ['test/support/unit-setup.ts'],
          env: { ATES_TEST_TIER: 'unit' },
        },
      },
      {
        extends: true,
        test: {
          // Unit files that need packages loaded fresh: the X-Ray SDK keeps what an earlier
          // file's tracer set up, and the tracer test failed in one full run for it.
          name: 'unit-own-process',
          include: OWN_PROCESS,
          globalSetup: ['test/support/unit-setup.ts'],
          env: { ATES_TEST_TIER: 'unit' },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [INTEGRATION],
          // As the unit tier: a worker's files share its packages and each gets the project's
          // modules fresh (per-file-setup.ts): the tier's CPU went from 324 s to 246 s.
          isolate: false,
          globalSetup: ['test/support/engines-setup.ts'],
          env: { ATES_TEST_TIER: 'integration' },
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: [SYSTEM],
          // As the other tiers: a worker's files share its packages (the AWS SDK, zod, Powertools),
          // each with the project's modules fresh and a local cloud of its own; the tier's CPU
          // went from 221 s to 162 s (test/README.md).
          isolate: false,
          globalSetup: ['test/support/engines-setup.ts'],
          env: {
            ATES_TEST_TIER: 'system',
            // As in Lambda, for the functions the local cloud runs (whose modules a test may have
            // loaded before the cloud set its environment): every line is printed, and the
            // cloud keeps it in its log (`/_local/logs`), off the terminal; a 5xx prints it.
            POWERTOOLS_LOG_LEVEL: 'INFO',
            POWERTOOLS_DEV: 'false',
          },
        },
      },
    ],
  },
});
