import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Tags, type App, type Environment } from 'aws-cdk-lib';
import type { DomainName } from '#events';
import { SERVICES } from '../functions/services';
import type { ServiceDeclaration } from '#shared/declaration';
import type { AtesConfig } from './config';
import { stackName, tokenIssuerOf } from './naming';
import { REPO_ROOT } from './paths';
import { ApiStack } from './stacks/api-stack';
import { BusStack } from './stacks/bus-stack';
import { DomainStack } from './stacks/domain-stack';
import { WebStack } from './stacks/web-stack';

/** Accounting pays out and e-mails the payout: the SES identity belongs to it. */
const MAILING_DOMAIN: DomainName = 'accounting';

/** Built dashboards, uploaded when present (the web issue decides what builds them). */
const WEB_CONTENT = join(REPO_ROOT, 'web', 'dist');

export interface BuildOptions {
  readonly services?: readonly ServiceDeclaration[];
  readonly env?: Environment;
  readonly webContentDir?: string;
  /** Tests only: stand-ins for handler files not written yet (see DomainFunction). */
  readonly placeholderIfMissing?: boolean;
}

/**
 * The whole stage: bus, API, one stack per declared domain, web. Dependencies point one way —
 * domains on bus and API, web on API — so every stack deploys and updates on its own.
 */
export function buildAtes(app: App, config: AtesConfig, options: BuildOptions = {}) {
  const services = options.services ?? SERVICES;
  const env = options.env;
  const { stage } = config;
  const bus = new BusStack(app, stackName(stage, 'bus'), { env, stage });
  const api = new ApiStack(app, stackName(stage, 'api'), { env, stage });
  const domains = services.map(
    (declaration) =>
      new DomainStack(app, stackName(stage, declaration.domain), {
        env,
        declaration,
        bus: bus.bus,
        api: api.api,
        runtime: {
          timezone: config.timezone,
          tokenIssuer: tokenIssuerOf(stage),
          jwksUrl: api.jwksUrl,
        },
        cronOverrides: config.closeDayCron ? { 'close-day': config.closeDayCron } : {},
        retainData: config.retainData,
        senderEmail: declaration.domain === MAILING_DOMAIN ? config.senderEmail : undefined,
        placeholderIfMissing: options.placeholderIfMissing,
      }),
  );
  const webContentDir =
    options.webContentDir ??
    (existsSync(join(WEB_CONTENT, 'index.html')) ? WEB_CONTENT : undefined);
  const web = new WebStack(app, stackName(stage, 'web'), {
    env,
    apiEndpoint: api.api.apiEndpoint,
    services,
    contentDir: webContentDir,
    retainData: config.retainData,
  });
  Tags.of(app).add('project', 'ates');
  Tags.of(app).add('stage', stage);
  return { bus, api, domains, web };
}
