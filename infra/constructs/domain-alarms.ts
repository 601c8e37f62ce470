import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { ServiceDeclaration } from '#shared/declaration';
import { METRIC } from '#shared/metrics/catalog';
import { businessMetric } from './business-metric';

/** Age of the oldest event a consumer applied in a minute that says it has fallen behind. */
export const CONSUMER_LAG_ALARM_MINUTES = 10;

/**
 * The alarms on what the domain's code reports (functions/shared/metrics): its consumer falling
 * behind, a scheduled run that has not finished in its expected time, payout e-mails SES
 * refused or that bounced. Function errors, throttles, dead letters and routes alarm where
 * they are built.
 */
export class DomainAlarms extends Construct {
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(
    scope: Construct,
    id: string,
    props: { readonly declaration: ServiceDeclaration; readonly stage: string },
  ) {
    super(scope, id);
    const { declaration, stage } = props;
    const { domain } = declaration;
    const alarms: cloudwatch.Alarm[] = [];
    if (declaration.consumer) {
      alarms.push(
        businessMetric(METRIC.consumerLag, domain, stage, {
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }).createAlarm(this, 'ConsumerLag', {
          alarmDescription: `${domain}'s consumer applied an event more than ${CONSUMER_LAG_ALARM_MINUTES} minutes after it happened, two minutes running`,
          threshold: CONSUMER_LAG_ALARM_MINUTES * 60_000,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 2,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const schedule of declaration.schedules ?? []) {
      if (!schedule.mustFinish) continue;
      const { metric, withinHours } = schedule.mustFinish;
      // Hourly sums, every one of them empty: nothing finished for `withinHours` hours. Missing
      // data is what a stuck run looks like, so it breaches.
      alarms.push(
        businessMetric(metric, domain, stage, { period: Duration.hours(1) }).createAlarm(
          this,
          `Overdue-${schedule.name}`,
          {
            alarmDescription: `${domain} ${schedule.name}: no ${metric} for ${withinHours} hours (a run has not finished in its expected time)`,
            threshold: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluationPeriods: withinHours,
            treatMissingData: cloudwatch.TreatMissingData.BREACHING,
          },
        ),
      );
    }
    if (declaration.mail?.senders.length) {
      alarms.push(
        businessMetric(METRIC.mailsRejected, domain, stage).createAlarm(this, 'MailsRejected', {
          alarmDescription: `SES refused payout e-mails of ${domain}: those people are not told they were paid`,
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
        // SES counts bounces per account and region, not per sender: another stage's or
        // application's bounces in the same account fire this too.
        new cloudwatch.Metric({
          namespace: 'AWS/SES',
          metricName: 'Bounce',
          statistic: 'Sum',
          period: Duration.minutes(15),
        }).createAlarm(this, 'MailsBounced', {
          alarmDescription: `E-mail sent through SES bounced (this account and region): check the payout recipients of ${domain}`,
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
        // SES's own reputation rates: it reviews an account at a 5 % bounce or 0.1 % complaint
        // rate and may pause its sending at 10 % or 0.5 % (docs/operations.md).
        ...(
          [
            ['Reputation.BounceRate', 'BounceRate', 0.05],
            ['Reputation.ComplaintRate', 'ComplaintRate', 0.001],
          ] as const
        ).map(([metricName, id, threshold]) =>
          new cloudwatch.Metric({
            namespace: 'AWS/SES',
            metricName,
            statistic: 'Maximum',
            period: Duration.hours(1),
          }).createAlarm(this, `Reputation${id}`, {
            alarmDescription: `SES's ${metricName} of this account reached the level at which SES reviews it: ${domain}'s suppressed addresses (GET /accounting/suppressions) and its recipients need a look before SES pauses sending`,
            threshold,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        ),
      );
    }
    this.alarms = alarms;
  }
}
