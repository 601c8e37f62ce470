import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { ServiceDeclaration } from '#shared/declaration';
import { DomainFunction } from './domain-function';
import { DomainSchedules } from './domain-schedules';
import { DomainTable } from './domain-table';
import { EventConsumer } from './event-consumer';
import { OutboxRelay } from './outbox-relay';

/** What every function of every domain is told about its surroundings (functions/shared/config). */
export interface RuntimeSettings {
  readonly timezone: string;
  readonly tokenIssuer: string;
  /** Auth's public keys, fetched by every domain to verify tokens. */
  readonly jwksUrl: string;
}

export interface DomainServiceProps {
  readonly declaration: ServiceDeclaration;
  readonly bus: events.IEventBus;
  readonly api: apigwv2.IHttpApi;
  readonly runtime: RuntimeSettings;
  readonly cronOverrides?: Readonly<Record<string, string>>;
  readonly retainData: boolean;
  /** Only for the domain that sends e-mail: its consumer and schedules may send as this address. */
  readonly mail?: { readonly identity: ses.IEmailIdentity; readonly senderEmail: string };
  /** Tests only, see DomainFunction. */
  readonly placeholderIfMissing?: boolean;
}

/**
 * One domain, built from its declaration alone: the table, a function and an API route per
 * declared route, the outbox relay, the consumer with its subscription rules, the schedules.
 * Every function gets read/write on this domain's table and on no other.
 */
export class DomainService extends Construct {
  readonly declaration: ServiceDeclaration;
  readonly table: DomainTable['table'];
  readonly routeFunctions: ReadonlyMap<string, lambda.Function>;
  readonly relay: OutboxRelay;
  readonly consumer?: EventConsumer;
  readonly schedules?: DomainSchedules;

  constructor(scope: Construct, id: string, props: DomainServiceProps) {
    super(scope, id);
    const { declaration, runtime } = props;
    this.declaration = declaration;
    const { domain, sizing } = declaration;
    this.table = new DomainTable(this, 'Table', {
      declaration: declaration.table,
      retainData: props.retainData,
    }).table;

    const environment: Record<string, string> = {
      [declaration.table.envVar]: this.table.tableName,
      EVENT_BUS_NAME: props.bus.eventBusName,
      ATES_TIMEZONE: runtime.timezone,
      ATES_TOKEN_ISSUER: runtime.tokenIssuer,
      ATES_JWKS_URL: runtime.jwksUrl,
      POWERTOOLS_SERVICE_NAME: domain,
      ...(props.mail ? { ATES_SENDER_EMAIL: props.mail.senderEmail } : {}),
    };
    const common = { environment, placeholderIfMissing: props.placeholderIfMissing };

    const routeFunctions = new Map<string, lambda.Function>();
    for (const [key, route] of Object.entries(declaration.routes)) {
      const fn = new DomainFunction(this, `Route-${key}`, {
        ...common,
        entry: route.handler,
        description: `${route.method} ${route.path}: ${route.summary}`.slice(0, 256),
        memoryMb: sizing?.[key]?.memoryMb,
        timeoutSeconds: sizing?.[key]?.timeoutSeconds,
      }).function;
      const httpRoute = new apigwv2.HttpRoute(this, `HttpRoute-${key}`, {
        httpApi: props.api,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`Integration-${key}`, fn),
      });
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Tokens are verified inside the domain that owns the route (aws-jwt-verify, role checks per route), the same code the local cloud runs; public routes (login, JWKS) must stay open.',
      });
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

    if (declaration.schedules?.length) {
      this.schedules = new DomainSchedules(this, 'Schedules', {
        ...common,
        domain,
        declarations: declaration.schedules,
        timezone: runtime.timezone,
        cronOverrides: props.cronOverrides ?? {},
        sizing,
      });
    }

    // The relay only reads the stream; everything else works on the table.
    const tableUsers = [
      ...routeFunctions.values(),
      ...(this.consumer ? [this.consumer.function] : []),
      ...(this.schedules?.functions ?? []),
    ];
    const tableLogicalId = Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnElement);
    for (const fn of tableUsers) {
      this.table.grantReadWriteData(fn);
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason:
          "The grant covers this table's own GSIs (<table>/index/*); no other table is reachable.",
      });
    }
    if (props.mail) {
      for (const fn of [
        ...(this.consumer ? [this.consumer.function] : []),
        ...(this.schedules?.functions ?? []),
      ]) {
        props.mail.identity.grantSendEmail(fn);
      }
    }
  }
}
