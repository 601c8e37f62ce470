/**
 * Configuration read from the environment. The same names are set by `infra/` in AWS and by
 * `local/` on a developer's machine; AWS SDK endpoints come from `AWS_ENDPOINT_URL_<SERVICE>`.
 */
export class MissingConfigError extends Error {
  constructor(name: string) {
    super(`environment variable ${name} is not set`);
    this.name = 'MissingConfigError';
  }
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new MissingConfigError(name);
  return value;
}

export const eventBusName = () => requiredEnv('EVENT_BUS_NAME');

/** The business day is a calendar day in this IANA zone. */
export const businessTimeZone = () => process.env.ATES_TIMEZONE || 'UTC';

export const tokenIssuer = () => process.env.ATES_TOKEN_ISSUER || 'ates-auth';
export const TOKEN_AUDIENCE = 'ates';
