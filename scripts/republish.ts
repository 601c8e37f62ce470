/**
 * `npm run republish -- --domain tasker --from 2026-11-25T09:00:00Z --to 2026-11-25T10:00:00Z`:
 * puts a time range of a domain's outbox rows on the bus again (docs/operations.md). Everything
 * but the real process lives in republish/cli.ts (tested).
 */
import '../local/cloud/quiet-sdk-notice';
import { runRepublishCli } from './republish/cli';

process.exitCode = await runRepublishCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});
