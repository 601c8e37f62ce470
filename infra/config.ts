import { resolve } from 'node:path';
import type { Node } from 'constructs';
import { REPO_ROOT } from './paths';

/** Everything a deployment may vary, read once from CDK context (`cdk.json` or `-c key=value`). */
export interface AtesConfig {
  /** Part of every stack id and named resource, so several stages share one account. */
  readonly stage: string;
  /** IANA zone of the business day: the functions' ATES_TIMEZONE and the schedules' zone. */
  readonly timezone: string;
  /** The address payout e-mails come from; deployed as an SES e-mail identity. */
  readonly senderEmail: string;
  /**
   * Why `senderEmail` cannot be deployed to AWS (missing, or the placeholder), when
   * `-c synthOnly=true` or the LocalStack target let the synth go on; otherwise such a sender
   * is refused outright.
   */
  readonly senderProblem?: string;
  /**
   * Who hears the stage's alarms: subscribed by e-mail to its alarm topic
   * (`stages.<stage>.alarmEmail` in cdk.json, or `-c alarmEmail=…`). Unset: the topic has no
   * subscriber yet (a warning at synth); subscribe a pager or chat to it by hand.
   */
  readonly alarmEmail?: string;
  /** Built dashboards the web stack uploads (`-c dashboards=dir`, default `web/dist`). */
  readonly dashboardsDir: string;
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

/** The sender cdk.json ships for stage dev, so that a fresh clone synthesizes. */
export const PLACEHOLDER_SENDER = 'payouts@example.com';

/**
 * Domains reserved for documentation and tests (RFC 2606, RFC 6761): nobody receives their
 * mail, so SES could never verify a sender there (the placeholder's example.com among them).
 */
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)$/i;

/** Per-stage settings kept in cdk.json, e.g. `"stages": { "prod": { "senderEmail": "…" } }`. */
interface StageSettings {
  readonly senderEmail?: string;
  readonly alarmEmail?: string;
}

export class InvalidConfigError extends Error {
  constructor(message: string) {
    super(`CDK context: ${message}`);
    this.name = 'InvalidConfigError';
  }
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Context values arrive as strings from `-c` and as JSON values from cdk.json. */
const flag = (value: unknown, fallback: boolean) =>
  value === undefined ? fallback : value === true || value === 'true';

/**
 * Reads and checks the context. A deploy synthesizes first, so everything refused here is
 * refused before CloudFormation creates anything. `npm run synth` passes `-c synthOnly=true`:
 * its templates are for reading, so a missing or placeholder sender is only a warning there.
 */
export function readConfig(node: Node): AtesConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!STAGE.test(stage)) {
    throw new InvalidConfigError(
      `stage "${stage}" cannot name stacks and resources: use 1 to 20 lower-case letters, digits and dashes, starting with a letter (-c stage=prod)`,
    );
  }
  const timezone = String(node.tryGetContext('timezone') ?? 'UTC');
  if (!isTimeZone(timezone)) throw new InvalidConfigError(`unknown time zone "${timezone}"`);
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
  // LocalStack verifies no identity by mail: any sender works there, the placeholder too.
  const lenient = flag(node.tryGetContext('synthOnly'), false) || target === 'localstack';
  const { senderEmail, senderProblem } = senderOf(node, stage, lenient);
  return {
    stage,
    timezone,
    senderEmail,
    senderProblem,
    alarmEmail: alarmEmailOf(node, stage),
    dashboardsDir: resolve(REPO_ROOT, String(node.tryGetContext('dashboards') ?? 'web/dist')),
    retainData: flag(node.tryGetContext('retainData'), true),
    reservedConcurrency: flag(node.tryGetContext('reservedConcurrency'), true),
    target: target as DeployTarget,
  };
}

/**
 * The stage's sender: `-c senderEmail=…` for this command, else `stages.<stage>.senderEmail`
 * from cdk.json. Two stages of one account and region cannot share it: an SES identity exists
 * once there, and the second stage's deploy would fail halfway, at its mailing domain's stack.
 */
function senderOf(node: Node, stage: string, lenient: boolean) {
  const stages = stagesOf(node);
  const given: unknown = node.tryGetContext('senderEmail') ?? stages[stage]?.senderEmail;
  if (given !== undefined && (typeof given !== 'string' || !EMAIL.test(given))) {
    throw new InvalidConfigError(
      `senderEmail "${String(given)}" is no e-mail address: give the address payouts are sent from (stages.${stage}.senderEmail in cdk.json, or -c senderEmail=payouts@yourcompany.com)`,
    );
  }
  const sharing = Object.entries(stages).find(
    ([other, settings]) =>
      other !== stage &&
      given !== undefined &&
      settings.senderEmail?.toLowerCase() === given.toLowerCase(),
  );
  if (sharing) {
    throw new InvalidConfigError(
      `stages ${stage} and ${sharing[0]} both send as ${given}: an SES identity exists once per account and region, so the second stage to deploy would fail halfway. Give each stage its own stages.<stage>.senderEmail in cdk.json`,
    );
  }
  const problem =
    given === undefined
      ? `stage ${stage} has no sender address: set stages.${stage}.senderEmail in cdk.json, or pass -c senderEmail=payouts@yourcompany.com`
      : RESERVED_DOMAIN.test(given.split('@')[1] ?? '')
        ? `senderEmail ${given} can never be verified by SES (its domain is reserved for examples and tests; ${PLACEHOLDER_SENDER} is cdk.json's placeholder): set stages.${stage}.senderEmail in cdk.json to an address you receive mail at, or pass -c senderEmail=payouts@yourcompany.com`
        : undefined;
  if (problem && !lenient) {
    throw new InvalidConfigError(`${problem} (docs/deploy.md, "Configuration")`);
  }
  return { senderEmail: given ?? PLACEHOLDER_SENDER, senderProblem: problem };
}

/** The stage's alarm recipient: `-c alarmEmail=…`, else `stages.<stage>.alarmEmail`. */
function alarmEmailOf(node: Node, stage: string): string | undefined {
  const given: unknown = node.tryGetContext('alarmEmail') ?? stagesOf(node)[stage]?.alarmEmail;
  if (given === undefined || given === '') return undefined;
  if (typeof given !== 'string' || !EMAIL.test(given)) {
    throw new InvalidConfigError(
      `alarmEmail "${String(given)}" is no e-mail address: give the address that hears this stage's alarms (stages.${stage}.alarmEmail in cdk.json, or -c alarmEmail=oncall@yourcompany.com)`,
    );
  }
  return given;
}

function stagesOf(node: Node): Readonly<Record<string, StageSettings>> {
  const stages: unknown = node.tryGetContext('stages') ?? {};
  if (typeof stages !== 'object' || stages === null || Array.isArray(stages)) {
    throw new InvalidConfigError(
      'stages must be an object of per-stage settings in cdk.json, e.g. "stages": { "prod": { "senderEmail": "payouts@yourcompany.com" } }',
    );
  }
  return stages as Record<string, StageSettings>;
}

function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
