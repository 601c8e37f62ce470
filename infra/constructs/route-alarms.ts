import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { RouteDeclaration } from '#shared/declaration';

/** Share of a route's requests answered 5xx, in five minutes, that wakes someone: a 500 is a bug. */
export const ROUTE_5XX_RATE_PERCENT = 5;
/** p99 latency of a route, held for fifteen minutes, that says users wait too long. */
export const ROUTE_P99_LATENCY_MS = 3000;

/**
 * A route's own API Gateway metric. HTTP APIs write per-route metrics only with detailed
 * metrics on (the API stack turns them on), under `ApiId`, `Stage`, `Method` and `Resource`.
 */
export const routeMetric = (
  api: apigwv2.IHttpApi,
  route: RouteDeclaration,
  metricName: '5xx' | '4xx' | 'Count' | 'Latency',
  statistic: string,
) =>
  new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: {
      ApiId: api.apiId,
      Stage: '$default',
      Method: route.method,
      Resource: route.path,
    },
    statistic,
    period: Duration.minutes(5),
    label: `${route.method} ${route.path} ${metricName}`,
  });

/** The two alarms every route gets: its share of 5xx answers and its p99 latency. */
export class RouteAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly latency: cloudwatch.Alarm;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly api: apigwv2.IHttpApi; readonly route: RouteDeclaration },
  ) {
    super(scope, id);
    const { api, route } = props;
    const name = `${route.method} ${route.path}`;
    this.errorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: routeMetric(api, route, '5xx', 'Sum'),
        requests: routeMetric(api, route, 'Count', 'Sum'),
      },
      period: Duration.minutes(5),
      label: `${name} 5xx %`,
    }).createAlarm(this, 'ErrorRate', {
      alarmDescription: `${name} answered more than ${ROUTE_5XX_RATE_PERCENT}% of its requests with a 5xx in five minutes`,
      threshold: ROUTE_5XX_RATE_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.latency = routeMetric(api, route, 'Latency', 'p99').createAlarm(this, 'Latency', {
      alarmDescription: `${name} took more than ${ROUTE_P99_LATENCY_MS} ms at p99 for fifteen minutes`,
      threshold: ROUTE_P99_LATENCY_MS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
