import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { DomainName } from '#events';
import { METRICS_NAMESPACE, type MetricName } from '#shared/metrics/catalog';

export interface BusinessMetricOptions {
  readonly statistic?: string;
  readonly period?: Duration;
  readonly label?: string;
}

/**
 * One of the metrics the functions emit (functions/shared/metrics/catalog.ts), for a domain of
 * a stage: the exact dimension set the functions write (`service`, `stage`), which an alarm
 * needs to find its data.
 */
export const businessMetric = (
  name: MetricName,
  domain: DomainName,
  stage: string,
  options: BusinessMetricOptions = {},
) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: domain, stage },
    statistic: options.statistic ?? 'Sum',
    period: options.period ?? Duration.minutes(5),
    label: options.label,
  });
