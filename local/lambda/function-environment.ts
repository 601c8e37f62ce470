import type { ServiceDeclaration } from '#shared/declaration';
import { tableNameOf } from '../dynamodb/tables';
import { LOCAL_STAGE, localConfigurationSets } from '../ses/local-configuration-sets';

/** How many invocations the local runtime says it may run at once (it does not limit them). */
const LOCAL_CONCURRENCY = 64;

export interface EnvironmentInputs {
  region: string;
  dynamoEndpoint: string;
  busEndpoint: string;
  /** The local SQS (ChangeMessageVisibility, which a consumer calls to hand a message back). */
  sqsEndpoint: string;
  /** The cap of a consumer's hand-back (functions/shared/consumer/hand-back.ts). */
  queueVisibilitySeconds: number;
  busName: string;
  sesEndpoint?: string;
  gatewayUrl: string;
  tablePrefix: string;
  timeZone: string;
  services: readonly ServiceDeclaration[];
}

/**
 * The environment the in-process handlers read — the same names `infra/` sets in AWS. Only the
 * endpoints differ: every AWS SDK client picks up `AWS_ENDPOINT_URL_<SERVICE>` on its own, so no
 * handler knows it runs locally. Dummy credentials keep a stray call from ever reaching AWS.
 */
export function cloudEnvironment(inputs: EnvironmentInputs): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: inputs.region,
    AWS_DEFAULT_REGION: inputs.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inputs.dynamoEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: inputs.dynamoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: inputs.busEndpoint,
    AWS_ENDPOINT_URL_SQS: inputs.sqsEndpoint,
    ATES_QUEUE_VISIBILITY_SECONDS: String(inputs.queueVisibilitySeconds),
    EVENT_BUS_NAME: inputs.busName,
    ATES_JWKS_URL: `${inputs.gatewayUrl}/auth/.well-known/jwks.json`,
    ATES_TIMEZONE: inputs.timeZone,
    ATES_TABLE_PREFIX: inputs.tablePrefix,
    // The `stage` dimension of the functions' metrics (infra sets the stage's name).
    ATES_STAGE: LOCAL_STAGE,
    // Functions print as in Lambda — one JSON line per log entry, metrics on — whatever a test
    // runner set: the local metrics page reads those lines (local/metrics).
    POWERTOOLS_DEV: 'false',
    // As Lambda's default: every line a function logs reaches its log (local/function-logs.ts
    // keeps them off the terminal), whatever level a test runner chose for its own process.
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Invocations overlap in this one process, as on a Lambda Managed Instance, which tells the
    // runtime's libraries so with this variable: Powertools then keeps a logger's appended keys
    // (the correlation id) per invocation, in the invoke store local/handlers.ts runs each one in.
    AWS_LAMBDA_MAX_CONCURRENCY: String(LOCAL_CONCURRENCY),
    // No X-Ray daemon here: Powertools Tracer is off and each of its calls a no-op (infra sets
    // it on, where Lambda's daemon takes the segments).
    POWERTOOLS_TRACE_ENABLED: 'false',
    // Every consumer batch runs in this one process, so one mailer paces them all: the account's
    // whole send rate is this process's (infra sets the consumer's maximum concurrency instead).
    ATES_MAIL_INSTANCES: '1',
  };
  if (inputs.sesEndpoint) {
    env.AWS_ENDPOINT_URL_SESV2 = inputs.sesEndpoint;
    env.AWS_ENDPOINT_URL_SES = inputs.sesEndpoint;
  }
  // The configuration set infra names in the mailer's environment, by its local name.
  const [configurationSet] = localConfigurationSets(inputs.services);
  if (configurationSet) env.ATES_SES_CONFIGURATION_SET = configurationSet.name;
  for (const service of inputs.services) {
    env[service.table.envVar] = tableNameOf(inputs.tablePrefix, service);
  }
  return env;
}
