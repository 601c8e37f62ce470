import { describe, expect, it } from 'vitest';
import { cents } from '#shared/money';
import { decodeCursor, encodeCursor } from '#shared/page-cursor';
import * as z from '#events/zod';
import { mergedPage, positionAfter, type Positioned, type SourcePage } from './history-page';

const TASK = 'task-1';
const row = (position: string): Positioned => ({
  position,
  movement: {
    id: `entry-${position}`,
    userId: 'u',
    kind: 'fee',
    amount: cents(-1000),
    at: position,
  },
});
const source = (positions: string[], stoppedAt: string | null): SourcePage => ({
  rows: positions.map(row),
  stoppedAt,
});
const afterOf = (cursor: string | null) =>
  cursor === null ? null : decodeCursor(cursor, z.object({ after: z.string() }))?.after;

describe("a page of a task's history merged from its sources", () => {
  it('keeps only what every source has read up to: a source that stopped early bounds the page', () => {
    // The old lines stopped at 2 (more may follow, say 2.5); the index read on to 3.
    const page = mergedPage(TASK, [source(['1', '3'], '3'), source(['2'], '2')], 5);
    expect(page.movements.map((m) => m.at)).toEqual(['1', '2']);
    expect(afterOf(page.nextCursor)).toBe('2');
  });

  it('shows a movement both sources hold once, and cuts at the limit', () => {
    const page = mergedPage(TASK, [source(['1', '2', '3'], null), source(['2'], null)], 2);
    expect(page.movements.map((m) => m.at)).toEqual(['1', '2']);
    expect(afterOf(page.nextCursor)).toBe('2');
    const last = mergedPage(TASK, [source(['3'], null), source([], null)], 2);
    expect(last).toEqual({ movements: [row('3').movement], nextCursor: null });
  });

  it("resumes only a cursor of the same task; another task's or a forged one is 400", () => {
    const { nextCursor } = mergedPage(TASK, [source(['1'], '1')], 1);
    expect(positionAfter(nextCursor!, TASK)).toBe('1');
    expect(() => positionAfter(nextCursor!, 'task-2')).toThrow(/cursor/);
    expect(() => positionAfter('bm90LWpzb24', TASK)).toThrow(/cursor/);
    expect(positionAfter(undefined, TASK)).toBeUndefined();
    // The task's own, but a position no page ends on: longer than a sort key may be, or not text.
    for (const after of ['x'.repeat(1020), 'é'.repeat(600), ''])
      expect(() => positionAfter(encodeCursor({ task: TASK, after }), TASK)).toThrow(/cursor/);
  });
});
