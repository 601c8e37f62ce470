import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../functions/services';
import { rulesOf } from '../../local/bus';
import type { SynthesizedAtes } from '../test-support/synth';

/**
 * The local cloud routes events with rules it builds itself (local/bus.ts); AWS routes them with
 * the rules synthesized here. Both must be the same rules, domain by domain, or a test that
 * passes locally says nothing about the deployed system.
 */
export function localParitySpecs(ates: SynthesizedAtes) {
  describe('local and deployed event routing', () => {
    it('has the same rules, with the same patterns, targeting the same domains', () => {
      const deployed = ates.domains.flatMap(({ declaration, template }) =>
        Object.values(template.findResources('AWS::Events::Rule')).map((rule) => ({
          domain: declaration.domain as string,
          pattern: rule.Properties.EventPattern as object,
        })),
      );
      const local = rulesOf(SERVICES).map((rule) => ({
        domain: rule.domain,
        pattern: rule.pattern,
      }));
      const sorted = (rules: { domain: string; pattern: object }[]) =>
        rules.map((r) => JSON.stringify(r)).sort();
      expect(local.length).toBeGreaterThan(0);
      expect(sorted(deployed)).toStrictEqual(sorted(local));
    });
  });
}
