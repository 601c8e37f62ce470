import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aspects, Tags, type App, type Environment, type IAspect } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { SERVICES } from '../functions/services';
import type { ServiceDeclaration } from '#shared/declaration';
import type { AtesConfig } from './config';
import { stackName, tokenIssuerOf } from './naming';
import { AlarmsNotify, AlarmsStack } from './stacks/alarms-stack';
import { ApiStack } from './stacks/api-stack';
import { BusStack } from './stacks/bus-stack';
import { DashboardStack } from './stacks/dashboard-stack';
import { DomainStack } from './stacks/domain-stack';
import { WebStack } from './stacks/web-stack';

export interface BuildOptions {
  readonly services?: readonly ServiceDeclaration[];
  readonly env?: Environment;
  /** Built dashboards to upload instead of `config.dashboardsDir`. */
  readonly webContentDir?: string;
  /** Tests only: stand-ins for handler files not written yet (see DomainFunction). */
  readonly placeholderIfMissing?: boolean;
}

/** `-c reservedConcurrency=false`: every function draws from the account's shared pool. */
class WithoutReservedConcurrency implements IAspect {
  visit(node: IConstruct) {
    if (node instanceof CfnFunction) node.reservedConcurrentExecutions = undefined;
  }
}

/**
 * The whole stage: alarm topic, bus, API, one stack per declared domain, web, dashboard.
 * Dependencies point one way — every alarm's stack on the alarm topic's, domains on bus and
 * API, web on API, the dashboard on what it shows — so every stack deploys and updates on its own.
 *
 * `target=localstack` builds only what LocalStack's free edition runs: the bus (no archive, no
 * schema registry), and per domain the table with its stream, the relay, the consumer with its
 * queues and rules. No HTTP API, no CloudFront, no Scheduler, no SES identity.
 */
export function buildAtes(app: App, config: AtesConfig, options: BuildOptions = {}) {
  const services = options.services ?? SERVICES;
  const env = options.env;
  const { stage } = config;
  const full = config.target === 'aws';
  const mailing = services.filter((s) => s.mail?.senders.length);
  if (mailing.length > 1) {
    // One sender address, one SES identity: two stacks deploying it would collide.
    throw new Error(`only one domain may declare mail; ${mailing.map((s) => s.domain)} do`);
  }
  const alarms = new AlarmsStack(app, stackName(stage, 'alarms'), {
    env,
    stage,
    alarmEmail: config.alarmEmail,
  });
  if (!config.alarmEmail) {
    Annotations.of(alarms).addWarningV2(
      'ates:alarmEmail',
      `stage ${stage} has no alarmEmail: its alarms notify a topic nobody is subscribed to. Set stages.${stage}.alarmEmail in cdk.json or pass -c alarmEmail=oncall@yourcompany.com (docs/operations.md, "Alarms")`,
    );
  }
  const bus = new BusStack(app, stackName(stage, 'bus'), { env, stage, archiveAndSchemas: full });
  const api = full ? new ApiStack(app, stackName(stage, 'api'), { env, stage }) : undefined;
  const domains = services.map(
    (declaration) =>
      new DomainStack(app, stackName(stage, declaration.domain), {
        env,
        declaration,
        bus: bus.bus,
        api: api?.api,
        schedules: full,
        runtime: {
          stage,
          timezone: config.timezone,
          tokenIssuer: tokenIssuerOf(stage),
          jwksUrl: api?.jwksUrl,
        },
        retainData: config.retainData,
        senderEmail: declaration.mail ? config.senderEmail : undefined,
        senderIdentity: full,
        placeholderIfMissing: options.placeholderIfMissing,
      }),
  );
  const webContentDir =
    options.webContentDir ??
    (existsSync(join(config.dashboardsDir, 'index.html')) ? config.dashboardsDir : undefined);
  const web = api
    ? new WebStack(app, stackName(stage, 'web'), {
        env,
        apiEndpoint: api.api.apiEndpoint,
        services,
        contentDir: webContentDir,
        retainData: config.retainData,
      })
    : undefined;
  if (web && !webContentDir) {
    Annotations.of(web).addWarningV2(
      'ates:dashboards',
      `no built dashboards in ${config.dashboardsDir}: the site would be empty. Run npm run build:web (npm run deploy builds them first)`,
    );
  }
  const mailingStack = domains.find((stack) => stack.service.declaration.mail);
  if (config.senderProblem && mailingStack) {
    // Only with -c synthOnly=true (npm run synth) or for LocalStack; a deploy to AWS refuses.
    Annotations.of(mailingStack).addWarningV2(
      'ates:senderEmail',
      `${config.senderProblem}. A deploy to AWS refuses this sender.`,
    );
  }
  const dashboard = new DashboardStack(app, stackName(stage, 'dashboard'), {
    env,
    stage,
    api: api?.api,
    domains: domains.map((stack) => stack.service),
  });
  AlarmsNotify.on(app, alarms.topic);
  if (!config.reservedConcurrency) Aspects.of(app).add(new WithoutReservedConcurrency());
  Tags.of(app).add('project', 'ates');
  Tags.of(app).add('stage', stage);
  return { alarms, bus, api, domains, web, dashboard };
}
