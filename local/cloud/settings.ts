import { PRODUCTION_ACCOUNT, SANDBOX_SEND_RATE, type SesAccountOptions } from '../ses/ses-account';

export interface CloudPorts {
  gateway: number;
  dynamodb: number;
  bus: number;
  ses: number;
}

/** What `npm start` listens on unless ATES_*_PORT says otherwise (0 = any free port). */
export const DEFAULT_PORTS: CloudPorts = { gateway: 3000, dynamodb: 8000, bus: 4010, ses: 8005 };

const PORT_VARIABLES: Record<keyof CloudPorts, string> = {
  gateway: 'ATES_GATEWAY_PORT',
  dynamodb: 'ATES_DYNAMODB_PORT',
  bus: 'ATES_BUS_PORT',
  ses: 'ATES_SES_PORT',
};

function portFrom(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${value} is not a port number (0-65535; 0 picks a free one)`);
  }
  return port;
}

/** Ports from the environment, falling back to the defaults. */
export function portsFromEnvironment(): CloudPorts {
  const entries = Object.entries(PORT_VARIABLES).map(([key, name]) => [
    key,
    portFrom(name, DEFAULT_PORTS[key as keyof CloudPorts]),
  ]);
  return Object.fromEntries(entries) as CloudPorts;
}

/** `--in-memory` or ATES_IN_MEMORY=1. */
export const inMemoryRequested = (argv: readonly string[]) =>
  argv.includes('--in-memory') || ['1', 'true', 'yes'].includes(process.env.ATES_IN_MEMORY ?? '');

/** ATES_STREAM_SHARDS=4: relay outbox rows out of order, as many shards would in AWS. */
export function streamShardsFromEnvironment(): number | undefined {
  const value = process.env.ATES_STREAM_SHARDS;
  if (value === undefined || value === '') return undefined;
  const shards = Number(value);
  if (!Number.isInteger(shards) || shards < 1 || shards > 64) {
    throw new Error(`ATES_STREAM_SHARDS=${value} is not a shard count (1-64)`);
  }
  return shards;
}

/**
 * The SES account `npm start` plays, as a new AWS account starts: in the sandbox
 * (`ATES_SES_SANDBOX=0` leaves it), sending only to and from verified identities
 * (`ATES_SES_VERIFIED`, comma-separated addresses or domains; default `verified`, the demo
 * company and the sender), at `ATES_SES_MAX_SEND_RATE` e-mails a second (default 1 in the
 * sandbox, 14 out of it) and at most `ATES_SES_MAX_24_HOUR_SEND` in any 24 hours (default 200 in
 * the sandbox, 50,000 out of it). Mail to the addresses in `ATES_SES_BOUNCE` / `ATES_SES_COMPLAIN`
 * (comma-separated) bounces or draws a complaint, as the mailbox simulator's own addresses do.
 */
export function sesAccountFromEnvironment(verified: readonly string[]): SesAccountOptions {
  const sandboxText = process.env.ATES_SES_SANDBOX ?? '1';
  if (!['0', '1', 'true', 'false'].includes(sandboxText)) {
    throw new Error(`ATES_SES_SANDBOX=${sandboxText} is not 1 or 0`);
  }
  const sandbox = sandboxText === '1' || sandboxText === 'true';
  const listed = process.env.ATES_SES_VERIFIED;
  const rateText = process.env.ATES_SES_MAX_SEND_RATE;
  const maxSendRate =
    rateText === undefined || rateText === ''
      ? sandbox
        ? SANDBOX_SEND_RATE
        : PRODUCTION_ACCOUNT.maxSendRate
      : Number(rateText);
  if (!(maxSendRate > 0) || !Number.isFinite(maxSendRate)) {
    throw new Error(
      `ATES_SES_MAX_SEND_RATE=${rateText} is not a positive number of e-mails a second`,
    );
  }
  const quotaText = process.env.ATES_SES_MAX_24_HOUR_SEND;
  const max24HourSend = quotaText === undefined || quotaText === '' ? undefined : Number(quotaText);
  if (max24HourSend !== undefined && !(Number.isInteger(max24HourSend) && max24HourSend >= 0)) {
    throw new Error(`ATES_SES_MAX_24_HOUR_SEND=${quotaText} is not a whole number of e-mails`);
  }
  const addresses = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((identity) => identity.trim())
      .filter(Boolean);
  return {
    sandbox,
    max24HourSend,
    verified: listed ? addresses(listed) : verified,
    maxSendRate,
    // Besides the mailbox simulator's addresses, these bounce or complain (docs/local-cloud.md).
    bounces: addresses(process.env.ATES_SES_BOUNCE),
    complaints: addresses(process.env.ATES_SES_COMPLAIN),
  };
}
