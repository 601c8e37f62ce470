import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '#shared/metrics/catalog';

/** Requests the stage's throttle refused (429) in five minutes before someone should look. */
export const THROTTLED_REQUESTS_ALARM = 10;

/**
 * One JSON object per request, in the fields AWS documents for HTTP API access logs: which route
 * answered, how, how fast, and why an integration failed (`integrationErrorMessage`), so a 500
 * can be traced to its function without opening every log group.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  apiId: '$context.apiId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationErrorMessage: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
} as const;

/**
 * The one HTTP API, without routes: each domain stack adds its own routes to it. Routes point at
 * functions and functions need the API's URL (for the JWKS), so keeping both in the domain stack
 * and only the API here is what keeps the stacks free of cycles.
 */
export class ApiStack extends Stack {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly throttledAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StackProps & { readonly stage: string }) {
    super(scope, id, props);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `ates-${props.stage}`,
      description: 'aTES: auth, tasks, accounting, analytics',
      // The $default stage below is declared by hand to give it access logs and throttling.
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      // Routes added by the domain stacks go live without a separate deployment step.
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      // A ceiling that keeps one runaway client from exhausting the tables' on-demand budget.
      throttle: { rateLimit: 100, burstLimit: 200 },
      // Per-route metrics (Method, Resource): each route's 5xx rate and latency alarm on them.
      detailedMetricsEnabled: true,
    });
    // API Gateway counts its own 429s among all 4xx; the access log says which they are.
    const throttled = new logs.MetricFilter(this, 'ThrottledRequests', {
      logGroup: accessLogs,
      filterPattern: logs.FilterPattern.numberValue('$.status', '=', 429),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'ApiThrottled',
      // Two stages in one account have two APIs: the API id keeps their counts apart.
      dimensions: { ApiId: '$.apiId' },
      metricValue: '1',
    });
    this.throttledAlarm = throttled
      .metric({
        statistic: 'Sum',
        period: Duration.minutes(5),
        dimensionsMap: { ApiId: this.api.apiId },
      })
      .createAlarm(this, 'Throttled', {
        alarmDescription: `More than ${THROTTLED_REQUESTS_ALARM} requests in five minutes were throttled (429) by the API's rate limit`,
        threshold: THROTTLED_REQUESTS_ALARM,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }

  /** Where Auth serves the public keys every domain verifies tokens with. */
  get jwksUrl() {
    return `${this.api.apiEndpoint}/auth/.well-known/jwks.json`;
  }
}
