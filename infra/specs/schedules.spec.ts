import { describe, expect, it } from 'vitest';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

export function scheduleSpecs(ates: SynthesizedAtes) {
  describe('schedules', () => {
    it('schedules exactly what the declarations declare, each in the zone, on its cron, at its function', () => {
      const checked: string[] = [];
      for (const { declaration, template, service } of ates.domains) {
        const schedules = declaration.schedules ?? [];
        template.resourceCountIs('AWS::Scheduler::Schedule', schedules.length);
        schedules.forEach((schedule, index) => {
          const fn = service.schedules!.functions[index]!;
          template.hasResourceProperties('AWS::Scheduler::Schedule', {
            ScheduleExpression: `cron(${schedule.cron})`,
            ScheduleExpressionTimezone: ates.config.timezone,
            Target: { Arn: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] } },
          });
          expect(schedule.handler).toMatch(/^functions\/[a-z]+\/handlers\/.+\.ts$/);
          checked.push(`${declaration.domain}/${schedule.name}`);
        });
      }
      expect(checked.length, 'no schedule was declared, so nothing was checked').toBeGreaterThan(0);
      expect(checked).toContain('accounting/daily-close');
    });
  });
}
