import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_TYPES_FILE, renderOpenApiTypes } from './openapi-types';

describe('web/src/openapi.d.ts', () => {
  it('is what docs/openapi.json generates now (else: npm run web:types)', async () => {
    const onDisk = readFileSync(OPENAPI_TYPES_FILE, 'utf8');
    expect(onDisk).toBe(await renderOpenApiTypes());
  });
});
