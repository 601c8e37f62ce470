import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { METRIC, type MetricName } from '#shared/metrics/catalog';
import { businessMetric } from '../constructs/business-metric';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import type { DomainService } from '../constructs/domain-service';
import { routeMetric } from '../constructs/route-alarms';

/** The graphs of every domain's row, in order; the CDK test finds each by its title. */
export const DOMAIN_ROW = ['traffic', 'errors', 'latency', 'lag', 'dead letters'] as const;
/** The graphs of the money row. */
export const MONEY_ROW = ['fees', 'rewards', 'payouts', 'e-mails'] as const;

export const widgetTitle = (domain: string, graph: string) => `${domain}: ${graph}`;

export interface DashboardStackProps extends StackProps {
  readonly stage: string;
  /** The routes' graphs need the API; without one (LocalStack) a row shows the rest. */
  readonly api?: apigwv2.IHttpApi;
  readonly domains: readonly DomainService[];
}

const WIDTH = 24 / DOMAIN_ROW.length;
const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
  new cloudwatch.GraphWidget({ title, left, right, width: Math.floor(WIDTH), height: 6 });

/**
 * The stage's one CloudWatch dashboard, built from the same declarations as the stacks: a row
 * per domain (traffic, errors, latency, lag, dead letters) and a money row (fees, rewards,
 * payouts, e-mails). What a graph shows is what the alarms watch, so a fired alarm has its
 * picture here.
 */
export class DashboardStack extends Stack {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    const { stage, api } = props;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `ates-${stage}`,
      defaultInterval: Duration.hours(3),
    });
    for (const service of props.domains)
      this.dashboard.addWidgets(...domainRow(service, stage, api));
    const accounting = props.domains.find((s) => s.declaration.domain === 'accounting');
    if (accounting) this.dashboard.addWidgets(...moneyRow(stage));
  }
}

function domainRow(service: DomainService, stage: string, api?: apigwv2.IHttpApi) {
  const { domain } = service.declaration;
  const routes = api ? Object.values(service.declaration.routes) : [];
  const functions = [...service.functionsByName.values(), service.relay.function];
  const business = (name: MetricName, statistic = 'Sum') =>
    businessMetric(name, domain, stage, { statistic, label: name });
  const deadLetters = service.node
    .findAll()
    .filter((c): c is DeadLetterQueue => c instanceof DeadLetterQueue);
  const [traffic, errors, latency, lag, dlq] = DOMAIN_ROW.map((g) => widgetTitle(domain, g));
  return [
    graph(
      traffic!,
      routes.map((route) => routeMetric(api!, route, 'Count', 'Sum')),
      [
        business(METRIC.commandsAccepted),
        business(METRIC.commandsRefused),
        business(METRIC.eventsPublished),
        business(METRIC.eventsApplied),
      ],
    ),
    graph(
      errors!,
      functions.map((fn) =>
        fn.metricErrors({ statistic: 'Sum', label: `${fn.node.scope!.node.id} errors` }),
      ),
      routes.map((route) => routeMetric(api!, route, '5xx', 'Sum')),
    ),
    graph(
      latency!,
      routes.map((route) => routeMetric(api!, route, 'Latency', 'p99')),
    ),
    graph(lag!, service.consumer ? [business(METRIC.consumerLag, 'Maximum')] : [], [
      service.relay.function.metric('IteratorAge', {
        statistic: 'Maximum',
        label: 'relay IteratorAge',
      }),
    ]),
    graph(
      dlq!,
      deadLetters.map((d) =>
        d.queue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          label: d.node.path.split('/').slice(-2).join('/'),
        }),
      ),
    ),
  ];
}

function moneyRow(stage: string) {
  const accounting = (name: MetricName) =>
    businessMetric(name, 'accounting', stage, { label: name, period: Duration.hours(1) });
  const [fees, rewards, payouts, mails] = MONEY_ROW.map((g) => widgetTitle('money', g));
  const money = (title: string, count: MetricName, cents: MetricName) =>
    new cloudwatch.GraphWidget({
      title,
      left: [accounting(cents)],
      right: [accounting(count)],
      leftYAxis: { label: 'cents', showUnits: false },
      width: 6,
      height: 6,
    });
  return [
    money(fees!, METRIC.feesCharged, METRIC.feesCents),
    money(rewards!, METRIC.rewardsPaid, METRIC.rewardsCents),
    money(payouts!, METRIC.payouts, METRIC.payoutsCents),
    new cloudwatch.GraphWidget({
      title: mails,
      left: [
        accounting(METRIC.mailsSent),
        accounting(METRIC.mailsRejected),
        accounting(METRIC.mailsRetried),
      ],
      width: 6,
      height: 6,
    }),
  ];
}
