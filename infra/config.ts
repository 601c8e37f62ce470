import type { Node } from 'constructs';

/** Everything a deployment may vary, read once from CDK context (`cdk.json` or `-c key=value`). */
export interface AtesConfig {
  /** Part of every stack id and named resource, so several stages share one account. */
  readonly stage: string;
  /** IANA zone of the business day: the functions' ATES_TIMEZONE and the schedules' zone. */
  readonly timezone: string;
  /** The address payout e-mails come from; deployed as an SES e-mail identity. */
  readonly senderEmail: string;
  /** Overrides the declared cron of the `close-day` schedule: `cron(0 18 ? * MON-FRI *)`. */
  readonly closeDayCron?: string;
  /** Keep tables when a stack is deleted; `-c retainData=false` lets a sandbox go away whole. */
  readonly retainData: boolean;
}

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

export class InvalidConfigError extends Error {
  constructor(message: string) {
    super(`CDK context: ${message}`);
    this.name = 'InvalidConfigError';
  }
}

/** Context values arrive as strings from `-c` and as JSON values from cdk.json. */
const flag = (value: unknown, fallback: boolean) =>
  value === undefined ? fallback : value === true || value === 'true';

export function readConfig(node: Node): AtesConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!STAGE.test(stage)) {
    throw new InvalidConfigError(`stage "${stage}" must be lower-case letters, digits and dashes`);
  }
  const timezone = String(node.tryGetContext('timezone') ?? 'UTC');
  if (!isTimeZone(timezone)) throw new InvalidConfigError(`unknown time zone "${timezone}"`);
  const senderEmail = node.tryGetContext('senderEmail');
  if (typeof senderEmail !== 'string' || !senderEmail.includes('@')) {
    throw new InvalidConfigError('senderEmail must be the e-mail address payouts are sent from');
  }
  const closeDayCron = node.tryGetContext('closeDayCron');
  return {
    stage,
    timezone,
    senderEmail,
    closeDayCron: typeof closeDayCron === 'string' ? closeDayCron : undefined,
    retainData: flag(node.tryGetContext('retainData'), true),
  };
}

function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
