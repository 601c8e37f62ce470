import type { Server } from 'node:http';
import { runningServerOf, type RunningServer } from '../cloud/http-io';
import {
  gateSes,
  PRODUCTION_ACCOUNT,
  SesAccount,
  type PublishFeedback,
  type SesAccountOptions,
} from './ses-account';
import { InboxFile, type InboxStore } from './ses-inbox';
import type { Faults } from '../faults/faults';

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;

/**
 * aws-ses-v2-local in this process: the SES v1/v2 API the mailer's SDK client talks to, and an
 * inbox page at its root where the payout e-mails show up. With `inboxPath` the inbox is kept
 * there across restarts; without it (in memory) every start begins with an empty inbox.
 * `account` is the SES account it plays: sandbox, verified identities, send rate (ses-account.ts);
 * `faults`, the cloud's, may throttle or reject a share of its sends; `publishFeedback` takes
 * the bounce and complaint events it publishes to the default bus.
 */
export async function startSes(
  port: number,
  inboxPath?: string,
  account: SesAccountOptions = PRODUCTION_ACCOUNT,
  faults?: Faults,
  publishFeedback?: PublishFeedback,
): Promise<RunningServer & { account: SesAccount }> {
  const module = (await import('aws-ses-v2-local')) as unknown as {
    default: StartSes | { default: StartSes };
  };
  // A CommonJS module with `exports.default`: Node's ESM loader wraps it once more than tsx does.
  const start = typeof module.default === 'function' ? module.default : module.default.default;
  // The same module instance the server requires: its inbox.
  const storeModule = (await import('aws-ses-v2-local/dist/store.js')) as unknown as InboxStore & {
    default?: InboxStore;
  };
  const store = typeof storeModule.clearStore === 'function' ? storeModule : storeModule.default!;
  // The inbox is a module-level array: a cloud restarted in the same process starts from disk.
  store.clearStore();
  const inbox = inboxPath ? new InboxFile(inboxPath, store) : undefined;
  inbox?.restore();
  const server = await start({ host: '127.0.0.1', port });
  if (inbox)
    server.on('request', (_request, response) => response.on('finish', () => inbox.sync()));
  const sesAccount = new SesAccount(account, faults, publishFeedback);
  gateSes(server, sesAccount);
  return { ...runningServerOf(server), account: sesAccount };
}
