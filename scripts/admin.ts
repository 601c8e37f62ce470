/**
 * `npm run admin -- create --email … --name … --role admin`: the way to the first admin of a
 * deployed stack. Everything but reading the real terminal lives in admin/cli.ts (tested).
 */
import '../local/cloud/quiet-sdk-notice';
import { runAdminCli } from './admin/cli';
import { readPassword } from './admin/read-password';

process.exitCode = await runAdminCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readPassword,
});
