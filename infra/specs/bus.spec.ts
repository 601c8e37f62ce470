import { describe, expect, it } from 'vitest';
import { ALL_CONTRACTS } from '#events';
import { eventSchemaOf, schemaNameOf } from '../constructs/event-schemas';
import type { SynthesizedAtes } from '../test-support/synth';

export function busSpecs(ates: SynthesizedAtes) {
  describe('the bus stack', () => {
    it('is a custom bus named for the stage, archived for replay', () => {
      ates.bus.hasResourceProperties('AWS::Events::EventBus', {
        Name: `ates-${ates.config.stage}`,
      });
      ates.bus.hasResourceProperties('AWS::Events::Archive', {
        EventPattern: { source: [{ prefix: 'ates.' }] },
      });
    });

    it('registers one draft-04 schema per event version', () => {
      ates.bus.resourceCountIs('AWS::EventSchemas::Schema', ALL_CONTRACTS.length);
      for (const contract of ALL_CONTRACTS) {
        ates.bus.hasResourceProperties('AWS::EventSchemas::Schema', {
          SchemaName: schemaNameOf(contract),
          Type: 'JSONSchemaDraft4',
          Content: JSON.stringify(eventSchemaOf(contract)),
        });
      }
    });

    it('writes schemas a draft-04 reader understands: one $schema, no $ref, no 2020-12 words', () => {
      for (const contract of ALL_CONTRACTS) {
        const text = JSON.stringify(eventSchemaOf(contract));
        expect(text.match(/\$schema/g)).toHaveLength(1);
        expect(text).toContain('draft-04');
        for (const word of ['$ref', '$defs', '"const"', 'prefixItems']) {
          expect(text).not.toContain(word);
        }
      }
    });

    it('depends on no other stack (the API only on the alarm topic its throttling alarm notifies)', () => {
      expect(ates.built.bus.dependencies.map((s) => s.stackName)).toStrictEqual([]);
      expect(ates.built.api.dependencies.map((s) => s.stackName)).toStrictEqual([
        ates.built.alarms.stackName,
      ]);
    });
  });
}
