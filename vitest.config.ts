import { defineConfig } from 'vitest/config';
import HeavyFilesFirst from './test/support/sequencer';

export default defineConfig({
  test: {
    include: ['{bench,events,functions,infra,local,test,web,scripts}/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/per-file-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The same order on every machine, the heavy files first (test/support/sequencer.ts).
    sequence: { sequencer: HeavyFilesFirst },
    // Most test time is spent waiting on DynamoDB Local and HTTP, not on the CPU: two files at
    // once keep two cores busy (vitest's default on 2 cores is one at a time); three overloaded them.
    maxWorkers: Number(process.env.ATES_TEST_WORKERS ?? 2),
    env: {
      // POWERTOOLS_LOG_LEVEL=ERROR npx vitest … shows what a handler logged before a 500.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      POWERTOOLS_DEV: 'true',
      // The SDK warns once per process that Node 20 support ends in 2027; the README says so once.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
