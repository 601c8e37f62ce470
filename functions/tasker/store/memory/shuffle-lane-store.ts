import type { Changes } from '#shared/unit-of-work/changes';
import type { ShuffleLaneStore } from '../../domain/ports';
import type { ShuffleLane } from '../../domain/shuffle-job';
import { ONLY, type TaskerTables } from './tables';

const IDLE: ShuffleLane = { running_job: null, queue: [] };

/** The one reshuffle lane, in memory (no item before the first press, as on DynamoDB). */
export class MemoryShuffleLaneStore implements ShuffleLaneStore {
  constructor(private readonly tables: TaskerTables) {}

  async find(): Promise<ShuffleLane> {
    return this.tables.lane.get(ONLY) ?? IDLE;
  }

  enqueued(changes: Changes, jobId: string): void {
    changes.write(
      this.tables.lane.update(ONLY, (lane = IDLE) => ({ ...lane, queue: [...lane.queue, jobId] }), {
        guard: 'nobody_waiting',
        when: (lane) => (lane?.queue.length ?? 0) === 0,
      }),
    );
  }

  handedTo(changes: Changes, jobId: string, previous: string | null): void {
    changes.write(
      this.tables.lane.update(
        ONLY,
        (lane) => ({ running_job: jobId, queue: lane!.queue.slice(1) }),
        {
          guard: 'lane_as_read',
          when: (lane) =>
            lane !== undefined && lane.running_job === previous && lane.queue[0] === jobId,
        },
      ),
    );
  }

  released(changes: Changes, jobId: string): void {
    changes.write(
      this.tables.lane.update(ONLY, (lane) => ({ ...lane!, running_job: null }), {
        guard: 'lane_as_read',
        when: (lane) => lane?.running_job === jobId && lane.queue.length === 0,
      }),
    );
  }
}
