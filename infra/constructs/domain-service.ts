import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ServiceDeclaration } from '#shared/declaration';
import { DomainAlarms } from './domain-alarms';
import { DomainFunction } from './domain-function';
import { DomainSchedules } from './domain-schedules';
import { DomainTable } from './domain-table';
import { EventConsumer } from './event-consumer';
import { OutboxRelay } from './outbox-relay';
import { RouteAlarms } from './route-alarms';
import { grantTableAccess } from './table-access';
import { wildcardResourceFinding } from '../nag-findings';
import { mailInstancesOf } from '../concurrency';
import { readSendQuotaStatement, sendEmailStatement, tableAccessOf } from '../function-policies';

/** What every function of every domain is told about its surroundings (functions/shared/config). */
export interface RuntimeSettings {
  /** The stage's name: the `stage` dimension of every metric the functions emit. */
  readonly stage: string;
  readonly timezone: string;
  readonly tokenIssuer: string;
  /** Auth's public keys, fetched by every domain to verify tokens; none without an API. */
  readonly jwksUrl?: string;
}

export interface DomainServiceProps {
  readonly declaration: ServiceDeclaration;
  readonly bus: events.IEventBus;
  /** The HTTP API the routes join; without one (the LocalStack variant) no route is built. */
  readonly api?: apigwv2.IHttpApi;
  /** Build the declared schedules (EventBridge Scheduler); off where Scheduler does not fire. */
  readonly schedules?: boolean;
  readonly runtime: RuntimeSettings;
  readonly retainData: boolean;
  /** The address the domain's declared mail senders may send from (`ses:FromAddress`). */
  readonly senderEmail?: string;
  /** The SES configuration set the domain's e-mails name (its bounces and complaints). */
  readonly configurationSetName?: string;
  /** Tests only, see DomainFunction. */
  readonly placeholderIfMissing?: boolean;
}

/**
 * One domain, built from its declaration alone: the table, a function and an API route per
 * declared route, the outbox relay, the consumer with its subscription rules, the schedules.
 * Each function gets exactly its access to this domain's table and to no other (see
 * grantTableAccess), and only the declared mail senders may send e-mail.
 */
export class DomainService extends Construct {
  readonly declaration: ServiceDeclaration;
  readonly table: DomainTable['table'];
  readonly routeFunctions: ReadonlyMap<string, lambda.Function>;
  readonly relay: OutboxRelay;
  readonly consumer?: EventConsumer;
  readonly schedules?: DomainSchedules;
  /** Every function that works on the table, by its declared name (route, `consumer`, schedule). */
  readonly functionsByName: ReadonlyMap<string, lambda.Function>;

  constructor(scope: Construct, id: string, props: DomainServiceProps) {
    super(scope, id);
    const { declaration, runtime } = props;
    this.declaration = declaration;
    const { domain, sizing } = declaration;
    assertNamesDeclared(declaration);
    this.table = new DomainTable(this, 'Table', {
      declaration: declaration.table,
      retainData: props.retainData,
    }).table;

    const environment: Record<string, string> = {
      [declaration.table.envVar]: this.table.tableName,
      EVENT_BUS_NAME: props.bus.eventBusName,
      ATES_TIMEZONE: runtime.timezone,
      ATES_STAGE: runtime.stage,
      ATES_TOKEN_ISSUER: runtime.tokenIssuer,
      ...(runtime.jwksUrl ? { ATES_JWKS_URL: runtime.jwksUrl } : {}),
      POWERTOOLS_SERVICE_NAME: domain,
      // Powertools Tracer on (active tracing, below): the local cloud sets it off.
      POWERTOOLS_TRACE_ENABLED: 'true',
      ...(props.senderEmail && declaration.mail ? { ATES_SENDER_EMAIL: props.senderEmail } : {}),
      ...(props.configurationSetName && declaration.mail
        ? { ATES_SES_CONFIGURATION_SET: props.configurationSetName }
        : {}),
      // How many instances share the account's SES send rate: the senders' caps (the consumer's
      // declared maximum concurrency).
      ...(declaration.mail ? { ATES_MAIL_INSTANCES: String(mailInstancesOf(declaration)) } : {}),
    };
    const common = { environment, placeholderIfMissing: props.placeholderIfMissing };

    const routeFunctions = new Map<string, lambda.Function>();
    for (const [key, route] of props.api ? Object.entries(declaration.routes) : []) {
      const fn = new DomainFunction(this, `Route-${key}`, {
        ...common,
        entry: route.handler,
        description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
        memoryMb: sizing?.[key]?.memoryMb,
        timeoutSeconds: sizing?.[key]?.timeoutSeconds,
        reservedConcurrency: sizing?.[key]?.reservedConcurrency,
      }).function;
      const httpRoute = new apigwv2.HttpRoute(this, `HttpRoute-${key}`, {
        httpApi: props.api!,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`Integration-${key}`, fn),
      });
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Tokens are verified inside the domain that owns the route (aws-jwt-verify, role checks per route), the same code the local cloud runs; public routes (login, JWKS) must stay open.',
      });
      new RouteAlarms(this, `RouteAlarms-${key}`, { api: props.api!, route });
      routeFunctions.set(key, fn);
    }
    this.routeFunctions = routeFunctions;

    this.relay = new OutboxRelay(this, 'Outbox', {
      ...common,
      domain,
      table: this.table,
      bus: props.bus,
      sizing: sizing?.relay,
    });

    if (declaration.consumer) {
      this.consumer = new EventConsumer(this, 'Events', {
        ...common,
        domain,
        declaration: declaration.consumer,
        bus: props.bus,
        sizing: sizing?.consumer,
      });
    }

    if (declaration.schedules?.length && props.schedules !== false) {
      this.schedules = new DomainSchedules(this, 'Schedules', {
        ...common,
        domain,
        declarations: declaration.schedules,
        timezone: runtime.timezone,
        sizing,
      });
    }

    const functionsByName = new Map(routeFunctions);
    if (this.consumer) functionsByName.set('consumer', this.consumer.function);
    declaration.schedules?.forEach((schedule, index) => {
      const fn = this.schedules?.functions[index];
      if (fn) functionsByName.set(schedule.name, fn);
    });
    this.functionsByName = functionsByName;
    new DomainAlarms(this, 'Alarms', { declaration, stage: runtime.stage });

    // The relay only reads the stream (its event source grants that); the rest work on the table.
    const tableLogicalId = Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnElement);
    for (const [name, fn] of functionsByName) {
      grantTableAccess(fn, this.table, tableAccessOf(declaration, name));
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason:
          "The grant covers this table's own GSIs (<table>/index/*); no other table is reachable.",
      });
    }

    if (props.senderEmail) {
      for (const name of declaration.mail?.senders ?? []) {
        const fn = functionsByName.get(name);
        if (fn) grantSendEmailAs(fn, props.senderEmail, props.configurationSetName);
      }
    }
  }
}

/** The SES grant of infra/function-policies.ts (sendEmailStatement) on the account's identities. */
function grantSendEmailAs(fn: lambda.Function, senderEmail: string, configurationSet?: string) {
  const identities = Stack.of(fn).formatArn({
    service: 'ses',
    resource: 'identity',
    resourceName: '*',
  });
  const configurationSetArn =
    configurationSet &&
    Stack.of(fn).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSet,
    });
  fn.addToRolePolicy(
    iam.PolicyStatement.fromJson(sendEmailStatement(identities, senderEmail, configurationSetArn)),
  );
  Validations.of(fn).acknowledge({
    id: wildcardResourceFinding(fn, identities),
    reason:
      'In the SES sandbox every recipient is an identity SendEmail is authorized against; the ses:FromAddress condition allows only the payout sender.',
  });
  fn.addToRolePolicy(iam.PolicyStatement.fromJson(readSendQuotaStatement()));
  Validations.of(fn).acknowledge({
    id: wildcardResourceFinding(fn, '*'),
    reason:
      'ses:GetAccount has no resource type: it is granted on * and only reads the account send quota the mailer paces itself to.',
  });
}

/** A name in `mail` or `tableAccess` that is no function of the domain is a typo: fail synth. */
function assertNamesDeclared(declaration: ServiceDeclaration) {
  const known = new Set([
    ...Object.keys(declaration.routes),
    ...(declaration.consumer ? ['consumer'] : []),
    ...(declaration.schedules ?? []).map((s) => s.name),
  ]);
  const named = [
    ...(declaration.mail?.senders ?? []),
    ...(declaration.tableAccess?.deleters ?? []),
    ...(declaration.tableAccess?.privatePartitions ?? []).flatMap((p) => p.functions),
  ];
  const unknown = named.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `${declaration.domain} names functions it does not declare: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
}
