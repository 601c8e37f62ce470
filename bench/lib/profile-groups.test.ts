import { describe, expect, it } from 'vitest';
import { groupOf } from './profile-groups';

const repo = 'file:///work/wt-x';

describe('groupOf', () => {
  it('names the package group of a frame in node_modules, scoped or not', () => {
    const of = (path: string) => groupOf(`${repo}/node_modules/${path}`, 'f');
    expect(of('@smithy/core/dist-cjs/index.js')).toBe('AWS SDK');
    expect(of('@aws-sdk/lib-dynamodb/dist-cjs/index.js')).toBe('AWS SDK');
    expect(of('zod/v4/core/schemas.js')).toBe('zod');
    expect(of('@aws-lambda-powertools/metrics/lib/esm/Metrics.js')).toBe('Powertools Metrics');
    expect(of('aws-xray-sdk-core/dist/lib/context_utils.js')).toBe(
      'X-Ray (Powertools Tracer, aws-xray-sdk-core)',
    );
    expect(of('@middy/core/index.js')).toBe('@middy/core');
  });

  it('names the part of the project a frame is in', () => {
    expect(groupOf(`${repo}/local/iam/aws-requests.ts`, 'parse')).toBe('local/iam');
    expect(groupOf(`${repo}/functions/accounting/store/items.ts`, 'f')).toBe(
      'functions/accounting',
    );
    expect(groupOf(`${repo}/functions/shared/consumer/consume-batch.ts`, 'f')).toBe(
      'functions/shared/consumer',
    );
    expect(groupOf(`${repo}/functions/shared/dynamo.ts`, 'f')).toBe('functions/shared/dynamo');
    expect(groupOf(`${repo}/bench/lib/request-meter.ts`, 'f')).toBe('bench (meters, clients)');
  });

  it("keeps Node's internals and the profile's pseudo-frames apart", () => {
    expect(groupOf('node:internal/async_hooks', '_propagate')).toBe('node');
    expect(groupOf('', 'writev')).toBe('node');
    expect(groupOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});
