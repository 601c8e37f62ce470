import { describe, expect, it } from 'vitest';
import { ALL_CONTRACTS } from '#events/registry';
import { SERVICES } from '../functions/services';

/**
 * The consumers each event contract names (and docs/events.md prints) are the domains whose
 * `service.ts` subscribes to it: the subscriptions build the rules, so a contract that names a
 * domain nobody routes to (or forgets one that is) misleads whoever changes the event.
 */
describe('event consumers', () => {
  it('names exactly the domains that subscribe to each event', () => {
    for (const contract of ALL_CONTRACTS) {
      const subscribed = SERVICES.filter((service) =>
        service.consumer?.subscriptions.some(
          (s) => s.source === contract.producer && s.events.includes(contract.name),
        ),
      ).map((service) => service.domain);
      expect([...contract.consumers].sort(), `${contract.name} v${contract.version}`).toEqual(
        [...subscribed].sort(),
      );
    }
  });
});
