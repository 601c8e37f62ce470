import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { commitWith, refusalOf, type ContractSetup } from '../test-support/contract';

const guardsOf = (error: unknown) => (error as ConditionsFailed).guards;

/**
 * What the reshuffle relies on from the ShuffleLaneStore, on either adapter. One case: the lane
 * is one item, and the DynamoDB run shares its table between cases.
 */
export function shuffleLaneStoreContract(setup: ContractSetup) {
  it('queues one waiting job at a time and hands the lane over only as it was read', async () => {
    const deps = setup();
    expect(await deps.lane.find()).toEqual({ running_job: null, queue: [] });
    await commitWith(deps, (c) => deps.lane.enqueued(c, 'a'));
    expect(guardsOf(await refusalOf(deps, (c) => deps.lane.enqueued(c, 'b')))).toEqual([
      'nobody_waiting',
    ]);
    const notHead = await refusalOf(deps, (c) => deps.lane.handedTo(c, 'b', null));
    expect(notHead).toBeInstanceOf(ConditionsFailed);
    expect(guardsOf(notHead)).toEqual(['lane_as_read']);
    await commitWith(deps, (c) => deps.lane.handedTo(c, 'a', null));
    expect(await deps.lane.find()).toEqual({ running_job: 'a', queue: [] });

    await commitWith(deps, (c) => deps.lane.enqueued(c, 'b'));
    expect(await deps.lane.find()).toEqual({ running_job: 'a', queue: ['b'] });
    // Freeing the lane while a job waits, or taking it from a job that does not hold it: refused.
    expect(guardsOf(await refusalOf(deps, (c) => deps.lane.released(c, 'a')))).toEqual([
      'lane_as_read',
    ]);
    expect(guardsOf(await refusalOf(deps, (c) => deps.lane.handedTo(c, 'b', null)))).toEqual([
      'lane_as_read',
    ]);
    expect(guardsOf(await refusalOf(deps, (c) => deps.lane.handedTo(c, 'b', 'x')))).toEqual([
      'lane_as_read',
    ]);
    await commitWith(deps, (c) => deps.lane.handedTo(c, 'b', 'a'));
    expect(await deps.lane.find()).toEqual({ running_job: 'b', queue: [] });
    expect(guardsOf(await refusalOf(deps, (c) => deps.lane.released(c, 'a')))).toEqual([
      'lane_as_read',
    ]);
    await commitWith(deps, (c) => deps.lane.released(c, 'b'));
    expect(await deps.lane.find()).toEqual({ running_job: null, queue: [] });
  });
}
