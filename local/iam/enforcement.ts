// Long because judging, the report and the SDK hook share one per-invocation identity; requests and policies live beside it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { callOf, type Call, type LocalArns, type WireRequest } from './aws-requests';
import { IdentityPolicy, type AuthorizationRequest, type Decision } from './policy-evaluator';
import type { PolicyStatementJson } from '../../infra/function-policies';

/** A deployed function's name, `ates-<domain>-<name>`: the principal its calls are made as. */
export type FunctionName = string;

/**
 * Which function's code is running: set around each invocation (local/lambda/handler-loader.ts), carried by
 * Node through every await and timer the invocation starts. Outside it, calls are the local
 * cloud's own (stream pollers, table set-up, test fixtures) and are not evaluated.
 */
interface ProcessIam {
  readonly invocation: AsyncLocalStorage<FunctionName>;
  active?: LocalIam;
  /**
   * A fault the local cloud injects into a function's allowed call (throttling): the response
   * to answer instead of sending the request, or undefined to send it.
   */
  requestFault?: (request: WireRequest) => SdkHttpResponse | undefined;
}
/**
 * Once per process, not per module instance: the SDK's HTTP handler is patched once, and a test
 * that reloads modules (vi.resetModules) must still reach the same invocation and IAM.
 */
const processIam = ((globalThis as Record<symbol, ProcessIam | undefined>)[
  Symbol.for('ates.local-iam.state')
] ??= { invocation: new AsyncLocalStorage<FunctionName>() });
const { invocation } = processIam;

/** Runs `work` as the function: every AWS call it makes is evaluated against that function's policy. */
export const runAsFunction = <T>(name: FunctionName, work: () => T): T =>
  invocation.run(name, work);

/** Runs `work` as the local cloud itself, even when called from inside an invocation. */
export const runAsCloud = <T>(work: () => T): T => invocation.exit(work);

export interface CallRecord {
  function: FunctionName;
  action: string;
  resource: string;
  decision: Decision;
  count: number;
}

/**
 * One process's IAM: each function's policy, the decisions made, what was used. Enforced by
 * wrapping the HTTP handler every AWS SDK client sends through (see `installEnforcement`): the
 * request is judged before it leaves, and a denied one is answered as AWS answers it, so the SDK
 * throws the same `AccessDeniedException` a deployed function would meet.
 */
export class LocalIam {
  private readonly policies = new Map<FunctionName, IdentityPolicy>();
  private readonly calls = new Map<string, CallRecord>();

  constructor(readonly arns: LocalArns) {}

  /** Sets (or replaces) a function's identity policy; a shape the evaluator cannot read throws here. */
  setPolicy(name: FunctionName, statements: readonly PolicyStatementJson[]) {
    this.policies.set(name, new IdentityPolicy(statements));
  }

  /** The reason a function may not make this request, or undefined when every authorization passes. */
  judge(name: FunctionName, request: WireRequest): Denial | undefined {
    const policy = this.policies.get(name);
    let call: Call;
    try {
      call = callOf(request, this.arns);
    } catch (error) {
      return { service: serviceOf(request), reason: (error as Error).message };
    }
    if (!policy)
      return { service: call.service, reason: `${name} has no policy in the local cloud` };
    for (const authorization of call.authorizations) {
      let decision: Decision;
      try {
        decision = policy.evaluate(authorization);
      } catch (error) {
        return { service: call.service, reason: (error as Error).message };
      }
      this.record(name, authorization, decision);
      if (decision !== 'allowed') {
        return {
          service: call.service,
          reason: messageOf(name, authorization, decision, this.arns),
        };
      }
    }
    return undefined;
  }

  /** Every (function, action, resource) evaluated so far, and each function's grants no call used. */
  report(): IamReport {
    const calls = [...this.calls.values()].sort((a, b) =>
      `${a.function} ${a.action} ${a.resource}`.localeCompare(
        `${b.function} ${b.action} ${b.resource}`,
      ),
    );
    const unusedGrants: IamReport['unusedGrants'] = [];
    for (const [name, policy] of this.policies) {
      const used = calls.filter((c) => c.function === name && c.decision === 'allowed');
      for (const statement of policy.document.filter((s) => s.Effect === 'Allow')) {
        for (const action of statement.Action) {
          for (const resource of statement.Resource) {
            const grant = new IdentityPolicy([
              { Effect: 'Allow', Action: [action], Resource: [resource] },
            ]);
            const usedBy = used.some(
              (c) =>
                grant.evaluate({ action: c.action, resource: c.resource, context: {} }) ===
                'allowed',
            );
            if (!usedBy) unusedGrants.push({ function: name, action, resource });
          }
        }
      }
    }
    return {
      calls,
      denied: calls.filter((c) => c.decision !== 'allowed'),
      unusedGrants,
      invoked: [...new Set(calls.map((c) => c.function))].sort(),
    };
  }

  private record(name: FunctionName, authorization: AuthorizationRequest, decision: Decision) {
    const key = `${name}\u0000${authorization.action}\u0000${authorization.resource}\u0000${decision}`;
    const known = this.calls.get(key);
    if (known) known.count += 1;
    else
      this.calls.set(key, {
        function: name,
        action: authorization.action,
        resource: authorization.resource,
        decision,
        count: 1,
      });
  }
}

export interface IamReport {
  /** Each distinct (function, action, resource, decision) with how many times it was evaluated. */
  calls: CallRecord[];
  denied: CallRecord[];
  /** Each (function, action, resource pattern) a policy allows that no evaluated call used. */
  unusedGrants: { function: FunctionName; action: string; resource: string }[];
  /** The functions that made at least one AWS call. */
  invoked: FunctionName[];
}

interface Denial {
  service: Call['service'];
  reason: string;
}

/** AWS's own wording, so a log line reads the same locally and deployed. */
function messageOf(
  name: string,
  request: AuthorizationRequest,
  decision: Decision,
  arns: LocalArns,
) {
  const principal = `arn:aws:sts::${arns.account}:assumed-role/${name}/${name}`;
  const why =
    decision === 'explicitly_denied'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
  return `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
}

function serviceOf(request: WireRequest): Call['service'] {
  const target = Object.entries(request.headers).find(
    ([k]) => k.toLowerCase() === 'x-amz-target',
  )?.[1];
  if (target?.startsWith('DynamoDB')) return 'dynamodb';
  if (target?.startsWith('AWSEvents')) return 'events';
  if (target?.startsWith('AmazonSQS')) return 'sqs';
  return 'ses';
}

/**
 * The response AWS sends for a denied call, in each service's protocol: DynamoDB (JSON 1.0) and
 * EventBridge (JSON 1.1) name the error in `__type` with a 400; SES v2 (REST-JSON) in the
 * `x-amzn-ErrorType` header with a 403; SES v1 (query) in an XML ErrorResponse with a 403; SQS
 * (JSON 1.0, query-compatible) names it in `__type` and in `x-amzn-query-error`.
 */
function deniedResponse({ service, reason }: Denial) {
  const json = (statusCode: number, body: object, headers: Record<string, string> = {}) =>
    awsJsonResponse(statusCode, body, headers);
  switch (service) {
    case 'dynamodb':
      return json(400, {
        __type: 'com.amazon.coral.service#AccessDeniedException',
        Message: reason,
      });
    case 'events':
      return json(400, { __type: 'AccessDeniedException', message: reason });
    case 'sqs':
      return json(
        403,
        { __type: 'com.amazon.coral.service#AccessDeniedException', message: reason },
        { 'x-amzn-query-error': 'AccessDenied;Sender' },
      );
    case 'ses':
      return json(
        403,
        { message: reason },
        {
          'content-type': 'application/json',
          'x-amzn-errortype': 'AccessDeniedException',
        },
      );
  }
}

/** A response in the shape the SDK's HTTP handler hands back. */
export interface SdkHttpResponse {
  statusCode: number;
  reason: string;
  headers: Record<string, string>;
  body: Readable;
}

/** An AWS JSON-protocol error answer (DynamoDB, EventBridge): the error named in the body. */
export function awsJsonResponse(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): SdkHttpResponse {
  return {
    statusCode,
    reason: 'Error',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': 'local',
      ...headers,
    },
    body: Readable.from([Buffer.from(JSON.stringify(body))]),
  };
}

/**
 * Injects `fault` into every AWS call a function makes (after IAM allowed it) while IAM is
 * installed; returns the function that removes it.
 */
export function installRequestFault(fault: NonNullable<ProcessIam['requestFault']>): () => void {
  processIam.requestFault = fault;
  return () => {
    if (processIam.requestFault === fault) processIam.requestFault = undefined;
  };
}

type Handle = (request: SdkHttpRequest, options?: unknown) => Promise<{ response: unknown }>;
interface SdkHttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

const PATCHED = Symbol.for('ates.local-iam.patched');

/**
 * Makes `iam` the process's IAM (the latest call wins: one local cloud per process). The HTTP
 * handler class of every SDK client a function uses is found through a client of each, so the
 * patch lands on exactly the code the functions send through, whatever copy of it they loaded.
 * Returns the function that turns enforcement off again.
 */
export function installEnforcement(iam: LocalIam): () => void {
  processIam.active = iam;
  const clients = [
    new DynamoDBClient({ region: iam.arns.region }),
    new EventBridgeClient({ region: iam.arns.region }),
    new SESv2Client({ region: iam.arns.region }),
    new SQSClient({ region: iam.arns.region }),
  ];
  for (const client of clients) {
    const prototype = Object.getPrototypeOf(client.config.requestHandler) as Record<
      string | symbol,
      unknown
    >;
    client.destroy();
    if (prototype[PATCHED]) continue;
    const original = prototype.handle as Handle;
    prototype.handle = async function (this: unknown, request: SdkHttpRequest, options?: unknown) {
      const name = invocation.getStore();
      const iamNow = processIam.active;
      if (name && iamNow) {
        const wire = wireOf(request);
        const denial = iamNow.judge(name, wire);
        if (denial) return { response: deniedResponse(denial) };
        const fault = processIam.requestFault?.(wire);
        if (fault) return { response: fault };
      }
      return original.call(this, request, options);
    } satisfies Handle;
    prototype[PATCHED] = true;
  }
  return () => {
    if (processIam.active === iam) processIam.active = undefined;
  };
}

function wireOf(request: SdkHttpRequest): WireRequest {
  const { body } = request;
  return {
    method: request.method,
    path: request.path,
    headers: request.headers,
    body:
      typeof body === 'string'
        ? body
        : body instanceof Uint8Array
          ? // By its bytes: the SDK's JSON body is a Uint8Array whose string methods warn.
            Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
          : body === undefined
            ? ''
            : '\u0000unreadable body',
  };
}

/**
 * One report for a run that used several clouds (the soak restarts one): the calls summed, and
 * a grant unused only if no cloud used it.
 */
export function mergeIamReports(reports: readonly IamReport[]): IamReport {
  const calls = new Map<string, CallRecord>();
  for (const call of reports.flatMap((r) => r.calls)) {
    const key = `${call.function}\u0000${call.action}\u0000${call.resource}\u0000${call.decision}`;
    const known = calls.get(key);
    if (known) known.count += call.count;
    else calls.set(key, { ...call });
  }
  const grantKey = (g: IamReport['unusedGrants'][number]) =>
    `${g.function}\u0000${g.action}\u0000${g.resource}`;
  const unusedEverywhere = reports.reduce<
    Map<string, IamReport['unusedGrants'][number]> | undefined
  >((unused, report) => {
    const here = new Map(report.unusedGrants.map((g) => [grantKey(g), g]));
    return unused ? new Map([...unused].filter(([key]) => here.has(key))) : here;
  }, undefined);
  const all = [...calls.values()];
  return {
    calls: all,
    denied: all.filter((c) => c.decision !== 'allowed'),
    unusedGrants: [...(unusedEverywhere?.values() ?? [])],
    invoked: [...new Set(all.map((c) => c.function))].sort(),
  };
}

/** The report for a console: each function's calls, the denied ones, the unused grants. */
export function iamReportText(report: IamReport): string {
  const lines = ['IAM: (function, action, resource) the functions used'];
  const byFunction = new Map<string, CallRecord[]>();
  for (const call of report.calls) {
    byFunction.set(call.function, [...(byFunction.get(call.function) ?? []), call]);
  }
  for (const [name, calls] of [...byFunction].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${name}`);
    for (const c of calls.sort((a, b) =>
      `${a.action}${a.resource}`.localeCompare(`${b.action}${b.resource}`),
    ))
      lines.push(
        `    ${c.decision === 'allowed' ? ' ' : '✗'} ${c.action} ${c.resource} ×${c.count}`,
      );
  }
  lines.push(`denied calls: ${report.denied.length === 0 ? 'none' : report.denied.length}`);
  lines.push(`grants no call used: ${report.unusedGrants.length}`);
  for (const g of report.unusedGrants) lines.push(`  ${g.function} ${g.action} ${g.resource}`);
  return lines.join('\n');
}
