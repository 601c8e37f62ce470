import { describe, expect, it } from 'vitest';
import { ALL_CONTRACTS } from '#events/registry';
import { taskerService } from '../service';
import { taskerReactions } from './on-event';

const reactions = taskerReactions(() => {
  throw new Error('no reaction runs here');
});

/**
 * Who listens to what, said three times: the consumer's reactions (the source), the queue's
 * subscriptions in service.ts (which the bus rules are built from) and each contract's
 * `consumers` (the catalog). They must agree, or an event is delivered and refused, or never
 * delivered at all.
 */
describe("Tasker's subscriptions", () => {
  it('subscribes its queue to exactly the events it reacts to', () => {
    const subscribed = taskerService.consumer!.subscriptions.flatMap(({ source, events }) =>
      events.map((name) => `${source}:${name}`),
    );
    const reacted = reactions.map(({ contract }) => `${contract.producer}:${contract.name}`);
    expect(new Set(subscribed)).toEqual(new Set(reacted));
    expect(subscribed).toHaveLength(new Set(subscribed).size);
  });

  it('is named a consumer by exactly the contracts it reacts to', () => {
    const key = (contract: { name: string; version: number }) =>
      `${contract.name}@${contract.version}`;
    const naming = ALL_CONTRACTS.filter((contract) =>
      (contract.consumers as readonly string[]).includes('tasker'),
    );
    expect(new Set(naming.map(key))).toEqual(
      new Set(reactions.map(({ contract }) => key(contract))),
    );
  });
});
