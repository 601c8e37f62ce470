import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AlarmsStack } from '../stacks/alarms-stack';
import { DOMAIN_ROW, MONEY_ROW, widgetTitle } from '../stacks/dashboard-stack';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';
import { testApp } from '../test-support/test-app';

/** Issue 28: alarms reach a person, one dashboard per stage. */
export function observabilitySpecs(ates: SynthesizedAtes) {
  const templates = [
    ['alarms', ates.alarms],
    ['bus', ates.bus],
    ['api', ates.api],
    ['web', ates.web],
    ['dashboard', ates.dashboard],
    ...ates.domains.map((d) => [d.declaration.domain, d.template] as const),
  ] as const;
  const alarmsOf = (template: Template) =>
    Object.entries(template.findResources('AWS::CloudWatch::Alarm'));

  describe('alarms reach a person', () => {
    const topicId = logicalIdOf(ates.built.alarms.topic);
    // Another stack names the topic by importing the alarm stack's export of it.
    const exported = Object.values(
      (ates.alarms.toJSON().Outputs ?? {}) as Record<
        string,
        { Value: unknown; Export?: { Name: string } }
      >,
    )
      .filter((output) => JSON.stringify(output.Value) === JSON.stringify({ Ref: topicId }))
      .map((output) => output.Export?.Name)
      .filter(Boolean);
    const isTopic = (action: unknown) =>
      JSON.stringify(action) === JSON.stringify({ Ref: topicId }) ||
      exported.some(
        (name) => JSON.stringify(action) === JSON.stringify({ 'Fn::ImportValue': name }),
      );

    it.each(templates.map(([name, template]) => [name, template] as const))(
      'every alarm of the %s stack notifies the stage topic when it fires and when it recovers',
      (_name, template) => {
        for (const [id, alarm] of alarmsOf(template)) {
          const { AlarmActions, OKActions } = alarm.Properties;
          expect({ id, alarm: AlarmActions?.map(isTopic) }).toStrictEqual({ id, alarm: [true] });
          expect({ id, ok: OKActions?.map(isTopic) }).toStrictEqual({ id, ok: [true] });
        }
      },
    );

    it('has the alarms an operator needs: per route, per function, per consumer, the close, e-mails, throttling', () => {
      const descriptions = templates.flatMap(([, template]) =>
        alarmsOf(template).map(([, alarm]) => String(alarm.Properties.AlarmDescription)),
      );
      const has = (pattern: RegExp) => descriptions.filter((d) => pattern.test(d)).length;
      const routes = ates.domains.flatMap((d) => Object.values(d.declaration.routes));
      for (const route of routes) {
        const name = `${route.method} ${route.path} `;
        expect(descriptions.filter((d) => d.startsWith(name))).toHaveLength(2);
      }
      expect(has(/with a 5xx in five minutes$/)).toBe(routes.length);
      expect(has(/at p99 for fifteen minutes$/)).toBe(routes.length);
      const functions = ates.domains.reduce(
        (sum, d) => sum + Object.keys(d.template.findResources('AWS::Lambda::Function')).length,
        0,
      );
      expect(has(/was throttled: its concurrency is used up$/)).toBe(functions);
      expect(has(/consumer applied an event more than/)).toBe(
        ates.domains.filter((d) => d.declaration.consumer).length,
      );
      expect(has(/^accounting daily-close: no ClosesFinished for 25 hours/)).toBe(1);
      expect(has(/^SES refused payout e-mails/)).toBe(1);
      expect(has(/^E-mail sent through SES bounced/)).toBe(1);
      expect(has(/were throttled \(429\)/)).toBe(1);
    });

    it('the topic is encrypted, takes only TLS, and e-mails the address the context gives', () => {
      const app = testApp();
      const stack = new AlarmsStack(app, 'Alarms', {
        stage: 'prod',
        alarmEmail: 'oncall@uberpopug.com',
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@uberpopug.com',
      });
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(stack.topic.masterKey!), 'Arn'] },
      });
      expect(JSON.stringify(template.findResources('AWS::SNS::TopicPolicy'))).toContain(
        'aws:SecureTransport',
      );
      expect(ates.alarms.findResources('AWS::SNS::Subscription')).toStrictEqual({});
    });
  });

  describe('one dashboard per stage', () => {
    const dashboards = Object.values(ates.dashboard.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboards.map((d) => d.Properties.DashboardBody));

    it('is one dashboard named for the stage', () => {
      expect(dashboards).toHaveLength(1);
      expect(dashboards[0]!.Properties.DashboardName).toBe(`ates-${ates.config.stage}`);
    });

    it.each(ates.domains.map((d) => [d.declaration.domain] as const))(
      'has a row for %s: traffic, errors, latency, lag, dead letters',
      (domain) => {
        for (const graph of DOMAIN_ROW) {
          expect(body).toContain(`\\"title\\":\\"${widgetTitle(domain, graph)}\\"`);
        }
      },
    );

    it('has a money row: fees, rewards, payouts, e-mails, in cents and counts', () => {
      for (const graph of MONEY_ROW) {
        expect(body).toContain(`\\"title\\":\\"${widgetTitle('money', graph)}\\"`);
      }
      for (const metric of ['FeesCents', 'RewardsCents', 'PayoutsCents', 'MailsRejected']) {
        expect(body).toContain(metric);
      }
    });
  });
}

/** Issue 28: every function is traced. */
export function tracingSpecs(ates: SynthesizedAtes) {
  describe('traces', () => {
    it.each(ates.domains.map((d) => [d.declaration.domain, d.template] as const))(
      'every function of %s is traced actively (X-Ray)',
      (_domain, template) => {
        const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
        expect(functions.length).toBeGreaterThan(0);
        for (const [id, fn] of functions) {
          expect({
            id,
            tracing: fn.Properties.TracingConfig,
            // Powertools Tracer records the handler and its AWS calls (functions/shared/tracer.ts).
            tracer: fn.Properties.Environment?.Variables?.POWERTOOLS_TRACE_ENABLED,
          }).toStrictEqual({ id, tracing: { Mode: 'Active' }, tracer: 'true' });
        }
      },
    );
  });
}
