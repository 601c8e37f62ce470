import { sourceOf } from '#events';
import type { ServiceDeclaration } from '#shared/declaration';

/**
 * Every statement a function's own code is allowed or denied, as IAM JSON: the one source both
 * the CDK app (infra/constructs, through `PolicyStatement.fromJson`) and the local cloud's IAM
 * (local/iam) build from. No aws-cdk-lib here, so the local cloud loads it in no time; the ARNs
 * come in from the caller (CDK tokens in infra, literal local ARNs in local/).
 *
 * What is not here is granted by the platform, not called by the function's code: the event
 * source mappings' reads of the stream and the queue, the relay's failure queue, the logs.
 * infra/specs/local-parity.ts checks that each synthesized role holds these statements and only
 * those besides.
 */
export interface PolicyStatementJson {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/**
 * The DynamoDB actions the project's code calls, by what they do. Nothing here scans or
 * batch-writes: no handler does, so no function may (a Scan would also read past the
 * LeadingKeys condition below, which only a partition-key request carries).
 */
export const TABLE_ACTIONS = {
  /** GetItem, Query (table and GSIs), BatchGetItem. */
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  /** The reads by key, on the table only. */
  itemReads: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
  /** Query, on the table and its GSIs. */
  query: ['dynamodb:Query'],
  /** Put, Update and ConditionCheck, alone or inside TransactWriteItems. */
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  delete: ['dynamodb:DeleteItem'],
} as const;

export interface TableAccess {
  readonly write: boolean;
  readonly delete: boolean;
  /** Partition keys this function may not touch: another function's secrets. */
  readonly deniedPartitions: readonly string[];
}

/** Where a domain's functions reach: the ARNs their statements name. */
export interface PolicyTargets {
  readonly tableArn: string;
  readonly busArn: string;
  /** The SES identities a declared mail sender sends through; no SES grant without it. */
  readonly sesIdentitiesArn?: string;
  /** The one From address a declared mail sender may use (`ses:FromAddress`). */
  readonly senderEmail?: string;
  /** The configuration set its e-mails name: SES authorizes the send against it too. */
  readonly sesConfigurationSetArn?: string;
  /** The domain's event queue: its consumer hands failed messages back to it. */
  readonly queueArn?: string;
}

/** The relay's name among a domain's functions (`ates-<domain>-relay`). */
export const RELAY_FUNCTION = 'relay';

/** The functions of a domain that work on its table: routes, `consumer`, schedules. */
export function tableFunctionsOf(declaration: ServiceDeclaration): string[] {
  return [
    ...Object.keys(declaration.routes),
    ...(declaration.consumer ? ['consumer'] : []),
    ...(declaration.schedules ?? []).map((schedule) => schedule.name),
  ];
}

/** One table function's access: GET routes only read, the declared deleters delete, secrets. */
export function tableAccessOf(declaration: ServiceDeclaration, name: string): TableAccess {
  const { deleters = [], privatePartitions = [] } = declaration.tableAccess ?? {};
  return {
    write: declaration.routes[name]?.method !== 'GET',
    delete: deleters.includes(name),
    deniedPartitions: privatePartitions
      .filter((partition) => !partition.functions.includes(name))
      .map((partition) => partition.partitionKey),
  };
}

/**
 * One function's access to its domain's table: reads on the table, queries on it and its GSIs, writes and
 * deletes only if it has them, and an explicit deny on every partition that holds someone
 * else's secrets (`dynamodb:LeadingKeys`), which no later grant can widen.
 */
export function tableStatements(tableArn: string, access: TableAccess): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [
    // Only Query reads an index: GetItem and BatchGetItem on `index/*` could never be used.
    { Effect: 'Allow', Action: [...TABLE_ACTIONS.itemReads], Resource: [tableArn] },
    {
      Effect: 'Allow',
      Action: [...TABLE_ACTIONS.query],
      Resource: [tableArn, `${tableArn}/index/*`],
    },
  ];
  const changes = [
    ...(access.write ? TABLE_ACTIONS.write : []),
    ...(access.delete ? TABLE_ACTIONS.delete : []),
  ];
  if (changes.length > 0) {
    statements.push({ Effect: 'Allow', Action: changes, Resource: [tableArn] });
  }
  if (access.deniedPartitions.length > 0) {
    statements.push({
      Effect: 'Deny',
      Action: [...TABLE_ACTIONS.read, ...TABLE_ACTIONS.write, ...TABLE_ACTIONS.delete],
      Resource: [tableArn],
      Condition: {
        'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [...access.deniedPartitions] },
      },
    });
  }
  return statements;
}

/** The relay may put events on the bus, and only with its own domain's source. */
export function putEventsStatement(busArn: string, source: string): PolicyStatementJson {
  return {
    Effect: 'Allow',
    Action: ['events:PutEvents'],
    Resource: [busArn],
    Condition: { StringEquals: { 'events:source': source } },
  };
}

/**
 * SES authorizes SendEmail against every identity the message involves: the sender's and, in
 * the sandbox, each verified recipient's. So the grant covers the account's identities, and the
 * condition pins the one thing that matters, the From address. A send that names a
 * configuration set is authorized against that set as well (Service Authorization Reference,
 * "Amazon SES": SendEmail's resource types are identity and configuration-set).
 */
export function sendEmailStatement(
  identitiesArn: string,
  senderEmail: string,
  configurationSetArn?: string,
): PolicyStatementJson {
  return {
    Effect: 'Allow',
    Action: ['ses:SendEmail'],
    Resource: [identitiesArn, ...(configurationSetArn ? [configurationSetArn] : [])],
    Condition: { StringEquals: { 'ses:FromAddress': senderEmail } },
  };
}

/**
 * SES v2 GetAccount, for the account's `SendQuota.MaxSendRate` the mailer paces itself to. It
 * names no resource type (Service Authorization Reference, "Amazon Simple Email Service v2"), so
 * it can only be granted on `*`; it reads the account's quotas and status, nothing more.
 */
export function readSendQuotaStatement(): PolicyStatementJson {
  return { Effect: 'Allow', Action: ['ses:GetAccount'], Resource: ['*'] };
}

/**
 * The consumer hands a failed message back early (functions/shared/consumer/hand-back.ts) with
 * ChangeMessageVisibility on its own queue, and nothing else of SQS. (CDK's event source also
 * grants it, among the mapping's own actions; this names the consumer's use of it.)
 */
export function handBackStatement(queueArn: string): PolicyStatementJson {
  return { Effect: 'Allow', Action: ['sqs:ChangeMessageVisibility'], Resource: [queueArn] };
}

/** Every function of a domain by name, with the statements its own code is held to. */
export function functionPoliciesOf(
  declaration: ServiceDeclaration,
  targets: PolicyTargets,
): Map<string, PolicyStatementJson[]> {
  const senders = new Set(declaration.mail?.senders ?? []);
  const policies = new Map<string, PolicyStatementJson[]>();
  for (const name of tableFunctionsOf(declaration)) {
    const statements = tableStatements(targets.tableArn, tableAccessOf(declaration, name));
    if (senders.has(name) && targets.sesIdentitiesArn && targets.senderEmail) {
      statements.push(
        sendEmailStatement(
          targets.sesIdentitiesArn,
          targets.senderEmail,
          targets.sesConfigurationSetArn,
        ),
      );
      statements.push(readSendQuotaStatement());
    }
    if (name === 'consumer' && targets.queueArn)
      statements.push(handBackStatement(targets.queueArn));
    policies.set(name, statements);
  }
  policies.set(RELAY_FUNCTION, [putEventsStatement(targets.busArn, sourceOf(declaration.domain))]);
  return policies;
}
