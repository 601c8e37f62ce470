import type { DataOf, EventContract } from '#events';
import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskerDeps } from '../domain/ports';
import { memoryTaskerDeps } from '../store/memory/deps';
import { runShuffleChunk } from '../use-cases/run-shuffle-chunk';
import { startShuffle } from '../use-cases/start-shuffle';
import { replica } from './contract';

/**
 * Tasker on its in-memory adapters, with what a use-case test does besides calling the use
 * case: tell the replica about employees, run a reaction as the consumer would (its changes
 * committed in one unit), play the reshuffle's own events until the job chain ends.
 */
export function memoryTasker(overrides: Partial<TaskerDeps> = {}) {
  const world = memoryTaskerDeps(overrides);
  const { deps, unitOfWork } = world;
  let played = 0;

  /** Runs a reaction on a unit of its own and commits it, as the consumer does. */
  async function react(reaction: (changes: Changes) => Promise<void>) {
    const changes = unitOfWork.begin({ correlationId: 'test-event' });
    await reaction(changes);
    await unitOfWork.commit(changes);
  }

  /** Employees Tasker knows (assignable unless the overrides say otherwise). */
  async function employees(count: number, overrides: Parameters<typeof replica>[0] = {}) {
    const users = Array.from({ length: count }, () => replica(overrides));
    for (const user of users) await react(async (c) => deps.users.replaced(c, user));
    return users;
  }

  /** The events committed so far of one contract. */
  const published = <C extends EventContract>(contract: C) =>
    unitOfWork
      .published()
      .filter(
        (event) =>
          event.metadata.event_name === contract.name &&
          event.metadata.event_version === contract.version,
      )
      .map((event) => event.data as DataOf<C>);

  /**
   * Delivers Tasker's own reshuffle events, once each and in order, until none is new; `deps`
   * may differ from the world's (a store wrapped to inject a fault).
   */
  async function playShuffleEvents(using: TaskerDeps = deps) {
    for (;;) {
      const events = unitOfWork.published().slice(played);
      if (events.length === 0) return;
      played += events.length;
      for (const event of events) {
        if (event.metadata.event_name === shuffleRequestedV1.name)
          await react((c) => startShuffle(using, c));
        if (event.metadata.event_name === shuffleChunkRequestedV1.name)
          await react((c) =>
            runShuffleChunk(using, event.data as DataOf<typeof shuffleChunkRequestedV1>, c),
          );
      }
    }
  }

  return { ...world, react, employees, published, playShuffleEvents };
}
