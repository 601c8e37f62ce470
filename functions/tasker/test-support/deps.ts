import type { TaskerDeps } from '../domain/ports';
import { buildTaskerDeps } from '../wiring';

/** Deps for a test file: the real stores on this file's table, with what the test fixes. */
export function testDeps(overrides: Partial<TaskerDeps> = {}): () => TaskerDeps {
  const deps = buildTaskerDeps(overrides);
  return () => deps;
}
