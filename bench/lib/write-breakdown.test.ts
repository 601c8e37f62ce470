import { describe, expect, it } from 'vitest';
import type { Usage } from './request-meter';
import { breakdownLines, writeBreakdown } from './write-breakdown';

/** A phase's usage with only the per-kind write counts the breakdown reads. */
const usageOf = (
  kinds: Record<string, { items: number; units: number; indexUnits?: number }>,
): Usage =>
  ({
    dynamoWriteItemsByKind: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.items])),
    dynamoWriteUnitsByKind: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.units])),
    dynamoIndexWriteUnitsByKind: Object.fromEntries(
      Object.entries(kinds).map(([k, v]) => [k, v.indexUnits ?? 0]),
    ),
  }) as Usage;

describe("a lifecycle's write breakdown", () => {
  it('keeps the writes refused by a race apart from what the code writes, per task of each phase', () => {
    const create = usageOf({
      'ates-accounting · accounting.consumer · entry': { items: 30, units: 60, indexUnits: 30 },
      'ates-accounting · accounting.consumer · entry (failed)': { items: 6, units: 12 },
    });
    const complete = usageOf({
      'ates-tasker · tasker.completeTask · TASK update': { items: 10, units: 20, indexUnits: 40 },
    });
    const breakdown = writeBreakdown([
      { usage: create, per: 10 },
      { usage: complete, per: 10 },
    ]);
    expect(breakdown.refused).toMatchObject({ items: 0.6, billedUnits: 1.2 });
    expect(breakdown.committed).toMatchObject({
      items: 4,
      units: 8,
      indexUnits: 7,
      billedUnits: 15,
    });
    expect(breakdown.total.items).toBeCloseTo(4.6);
    expect(breakdown.total.billedUnits).toBeCloseTo(16.2);
    expect(breakdownLines(breakdown)).toContain(
      '  without them (what the code writes, whatever the races): 4.00 item writes, 8.00 WU + 7.00 index WU = 15.00',
    );
  });
});
