import type { Changes } from '#shared/unit-of-work/changes';
import type { AnalyticsDeps } from '../domain/ports';
import { memoryAnalyticsDeps } from '../store/memory/deps';

/**
 * Analytics on the in-memory deps, with `react`: runs a reaction on a fresh unit and commits
 * what it recorded, as the consumer does (without the marker: a redelivery is the same call).
 */
export function memoryAnalytics(overrides: Partial<AnalyticsDeps> = {}) {
  const memory = memoryAnalyticsDeps(overrides);
  return {
    ...memory,
    react: async (reaction: (deps: AnalyticsDeps, changes: Changes) => Promise<void>) => {
      const changes = memory.unitOfWork.begin({ correlationId: 'memory-analytics' });
      await reaction(memory.deps, changes);
      await memory.unitOfWork.commit(changes);
    },
  };
}
