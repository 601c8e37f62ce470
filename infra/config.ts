import type { Node } from 'constructs';

/** Everything a deployment may vary, read once from CDK context (`cdk.json` or `-c key=value`). */
export interface AtesConfig {
  /** Part of every stack id and named resource, so several stages share one account. */
  readonly stage: string;
  /** IANA zone of the business day: the functions' ATES_TIMEZONE and the schedules' zone. */
  readonly timezone: string;
  /** The address payout e-mails come from; deployed as an SES e-mail identity. */
  readonly senderEmail: string;
  /** Keep tables when a stack is deleted; `-c retainData=false` lets a sandbox go away whole. */
  readonly retainData: boolean;
  /**
   * Reserve concurrency for relays and consumers and cap heavy functions (docs/operations.md,
   * "Concurrency"). `-c reservedConcurrency=false` for an account whose concurrency quota is
   * still a new account's 10, where Lambda refuses any reservation.
   */
  readonly reservedConcurrency: boolean;
  /**
   * `aws`: the whole stage. `localstack`: only what LocalStack's free edition runs — tables and
   * streams, relays, the bus and its rules, queues, consumers (docs/deploy.md, "LocalStack").
   */
  readonly target: DeployTarget;
}

export const DEPLOY_TARGETS = ['aws', 'localstack'] as const;
export type DeployTarget = (typeof DEPLOY_TARGETS)[number];

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
  if (node.tryGetContext('closeDayCron') !== undefined) {
    // One source of truth: the local scheduler runs the declared cron, so AWS must too.
    throw new InvalidConfigError(
      'closeDayCron is gone: a schedule runs on the cron its declaration (service.ts) gives it',
    );
  }
  const target = String(node.tryGetContext('target') ?? 'aws');
  if (!(DEPLOY_TARGETS as readonly string[]).includes(target)) {
    throw new InvalidConfigError(`target "${target}" must be one of ${DEPLOY_TARGETS.join(', ')}`);
  }
  return {
    stage,
    timezone,
    senderEmail,
    retainData: flag(node.tryGetContext('retainData'), true),
    reservedConcurrency: flag(node.tryGetContext('reservedConcurrency'), true),
    target: target as DeployTarget,
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
