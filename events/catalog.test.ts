import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCatalog } from './catalog';
import { ALL_CONTRACTS, findContract, jsonSchemaOf, UnknownEventError } from './registry';

describe('event catalog', () => {
  it('docs/events.md is what the registry generates (run `npm run docs:events` after a change)', () => {
    const onDisk = readFileSync(new URL('../docs/events.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderCatalog());
  });

  it('exports a JSON Schema object for every registered version', () => {
    for (const contract of ALL_CONTRACTS) {
      const schema = jsonSchemaOf(contract) as { type?: string; properties?: object };
      expect(schema.type, `${contract.name} v${contract.version}`).toBe('object');
      expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('refuses a version nobody registered instead of guessing', () => {
    expect(() => findContract('task.created', 99)).toThrow(UnknownEventError);
    expect(findContract('task.created', 1).version).toBe(1);
    expect(findContract('task.created', 2).version).toBe(2);
  });
});
