import * as z from '#events/zod';
import { cursorKeyPart, decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { TaskHistoryPage, TaskMovement } from '../domain/ports';
import { taskIndex } from './keys';

/**
 * A task's history is read from more than one place (the task index, and the movement lines
 * written before it), each in the same order: `<at>#<entry>`. A page is cut from what they all
 * returned, and its cursor is the position it ended on, which each place can resume from.
 */

/** A movement and its place in the task's order (`<at>#<entry>`). */
export interface Positioned {
  readonly position: string;
  readonly movement: TaskMovement;
}

/** What one place returned: movements in order, and where it stopped (null: it has no more). */
export interface SourcePage {
  readonly rows: readonly Positioned[];
  readonly stoppedAt: string | null;
}

/**
 * Where a task's movements are ordered: the time, then the entry id, as the task index's sort key
 * (and an old line's, behind its prefix) spells it.
 */
export const positionOf = taskIndex.sk;

/**
 * A position is `<ISO time>#<uuid>`, printable ASCII far below DynamoDB's 1024-byte sort key (a
 * longer one, prefixed `MOVE#`, would be refused with a 500 rather than a 400).
 */
const position = z.string().check(z.regex(/^[\x21-\x7e]{1,200}$/));
const cursorSchema = z.strictObject({ task: cursorKeyPart, after: position });

/** The position a page starts after; a cursor of another task, or forged, is 400. */
export function positionAfter(cursor: string | undefined, taskId: string): string | undefined {
  if (cursor === undefined) return undefined;
  const parsed = decodeCursor(cursor, cursorSchema);
  if (!parsed || parsed.task !== taskId) throw invalidCursor();
  return parsed.after;
}

/**
 * One page from several sources read from the same position, each at most `limit` long.
 * Everything up to the earliest place a source stopped has been read from every source, so only
 * that much is sure to be complete: the page keeps it (one movement once, whichever source held
 * it), at most `limit`, and its cursor resumes after the last position it covered. Nothing is
 * skipped or shown twice across pages.
 */
export function mergedPage(
  taskId: string,
  sources: readonly SourcePage[],
  limit: number,
): TaskHistoryPage {
  const stops = sources.flatMap((s) => (s.stoppedAt === null ? [] : [s.stoppedAt]));
  const bound = stops.length ? stops.reduce((a, b) => (a < b ? a : b)) : undefined;
  const byId = new Map<string, Positioned>();
  for (const row of sources.flatMap((s) => s.rows))
    if (bound === undefined || row.position <= bound) byId.set(row.movement.id, row);
  const sorted = [...byId.values()].sort((a, b) => (a.position < b.position ? -1 : 1));
  const page = sorted.slice(0, limit);
  const resumeAt = sorted.length > limit ? sorted[limit - 1]?.position : bound;
  return {
    movements: page.map((row) => row.movement),
    nextCursor: resumeAt === undefined ? null : encodeCursor({ task: taskId, after: resumeAt }),
  };
}
