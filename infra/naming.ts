import type { DomainName } from '#events';

/** Every stack id and named resource carries the stage, so two stages can share one account. */
export const stackName = (
  stage: string,
  part: 'alarms' | 'bus' | 'api' | 'web' | 'dashboard' | DomainName,
) => `ates-${stage}-${part}`;

/** The one event bus of a stage. */
export const busName = (stage: string) => `ates-${stage}`;

/** The issuer Auth signs into tokens and every domain checks. */
export const tokenIssuerOf = (stage: string) => `ates-${stage}`;

/** The SES configuration set a stage's e-mails name: it reports their bounces and complaints. */
export const configurationSetName = (stage: string) => `ates-${stage}-mail`;
