import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseArgs } from 'node:util';
import { SERVICES } from '../../functions/services';
import { republish } from './republish';

export const HELP = `Usage: npm run republish -- --domain <domain> --from <time> --to <time> [options]

Puts a domain's outbox rows whose event time lies in [from, to] on the bus again — after the
relay gave records up (a message in the relay's Failures queue names the time range), or to
feed events to a consumer once more. Safe to repeat: consumers apply each event id once.
Outbox rows stay in the table for 15 days.

Options:
  --domain <name>   ${SERVICES.map((s) => s.domain).join(' | ')}
  --from <time>     ISO 8601, e.g. 2026-11-25T09:00:00Z (pad a minute or so before the
                    pointer's approximateArrivalOfFirstRecord: event time precedes the commit)
  --to <time>       ISO 8601, e.g. 2026-11-25T10:00:00Z
  --table <name>    the domain's table (default: its environment variable, e.g. TASKER_TABLE)
  --bus <name>      the event bus (default: EVENT_BUS_NAME)
  --dry-run         count the rows, put nothing
  -h, --help        show this help

Environment: AWS_REGION and credentials as usual. Against the local cloud, point the SDK at it:
  AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:<port> AWS_ENDPOINT_URL_EVENTBRIDGE=http://127.0.0.1:<port>
`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Clients for tests; by default built from the environment (endpoints included). */
  clients?: { dynamo: DynamoDBDocumentClient; eventBridge: EventBridgeClient };
}

class UsageError extends Error {}

function parse(argv: readonly string[], env: CliIo['env']) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      domain: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      table: { type: 'string' },
      bus: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const service = SERVICES.find((s) => s.domain === values.domain);
  if (!service) throw new UsageError(`--domain must be one of ${SERVICES.map((s) => s.domain)}`);
  const time = (name: 'from' | 'to') => {
    const text = values[name];
    const date = text ? new Date(text) : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      throw new UsageError(`--${name} must be an ISO 8601 time, got ${text ?? 'nothing'}`);
    }
    return date;
  };
  const from = time('from');
  const to = time('to');
  if (from > to) throw new UsageError('--from must not be after --to');
  const tableName = values.table ?? env[service.table.envVar];
  if (!tableName) throw new UsageError(`give --table or set ${service.table.envVar}`);
  const eventBusName = values.bus ?? env.EVENT_BUS_NAME;
  if (!eventBusName) throw new UsageError('give --bus or set EVENT_BUS_NAME');
  return { domain: service.domain, from, to, tableName, eventBusName, dryRun: values['dry-run'] };
}

/** Runs the command; returns the process exit code. */
export async function runRepublishCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parse(argv, io.env);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!args) {
    io.out(HELP);
    return 0;
  }
  const clients = io.clients ?? {
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    eventBridge: new EventBridgeClient({}),
  };
  io.out(
    `${args.dryRun ? 'Counting' : 'Republishing'} ${args.domain}'s outbox rows from ${args.from.toISOString()} to ${args.to.toISOString()} (${args.tableName} → ${args.eventBusName})\n`,
  );
  try {
    const result = await republish({
      ...args,
      ...clients,
      progress: (line) => io.out(`  ${line}\n`),
    });
    io.out(
      args.dryRun
        ? `Done: ${result.found} rows found (${result.scanned} items scanned).\n`
        : `Done: ${result.found} rows republished, ${result.published} events (${result.scanned} items scanned).\n`,
    );
    return 0;
  } catch (error) {
    io.err(`republish stopped: ${(error as Error).message}\n`);
    return 1;
  }
}
