import type { Server } from 'node:http';
import { runningServerOf, type RunningServer } from './http-io';

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;

/**
 * aws-ses-v2-local in this process: the SES v1/v2 API the mailer's SDK client talks to, and an
 * inbox page at its root where the payout e-mails show up.
 */
export async function startSes(port: number): Promise<RunningServer> {
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: StartSes | { default: StartSes };
  };
  // A CommonJS module with `exports.default`: Node's ESM loader wraps it once more than tsx does.
  const start = typeof module.default === 'function' ? module.default : module.default.default;
  const server = await start({ host: '127.0.0.1', port });
  return runningServerOf(server);
}
