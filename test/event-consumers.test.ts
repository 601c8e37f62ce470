import { describe, expect, it } from 'vitest';
import type { EventContract } from '#events';
import { ALL_CONTRACTS } from '#events/registry';
import type { Subscription } from '#shared/consumer/consumer';
import {
  accountingAwsReactions,
  accountingReactions,
} from '../functions/accounting/handlers/on-event';
import { analyticsReactions } from '../functions/analytics/handlers/on-event';
import { SERVICES } from '../functions/services';
import { taskerReactions } from '../functions/tasker/handlers/on-event';

const noDeps = (): never => {
  throw new Error('no reaction runs here');
};

/**
 * Who listens to what is declared once, by each consumer's list of reactions
 * (`handlers/on-event.ts`). Two other lists say it again for other readers and are held equal to
 * it here: the queue's subscriptions in `service.ts` (which the bus rules are built from, in CDK
 * and the local cloud) and each contract's `consumers` (which `docs/events.md` prints). If they
 * drift, an event is delivered and refused, or never delivered at all.
 */
const REACTIONS: Record<string, readonly Subscription[]> = {
  tasker: taskerReactions(noDeps),
  accounting: accountingReactions(noDeps),
  analytics: analyticsReactions(noDeps),
};

const versioned = (contract: EventContract) => `${contract.name} v${contract.version}`;

describe('who listens to what', () => {
  it('has one list of reactions for every domain with a consumer, and none without', () => {
    const consuming = SERVICES.filter((service) => service.consumer).map((s) => s.domain);
    expect(Object.keys(REACTIONS).sort()).toEqual(consuming.sort());
  });

  it.each(Object.entries(REACTIONS))(
    "subscribes %s's queue to exactly the events it reacts to",
    (domain, reactions) => {
      const service = SERVICES.find((s) => s.domain === domain)!;
      const subscribed = service.consumer!.subscriptions.flatMap(({ source, events }) =>
        events.map((name) => `${source}:${name}`),
      );
      const reacted = reactions.map(({ contract }) => `${contract.producer}:${contract.name}`);
      expect(new Set(subscribed)).toEqual(new Set(reacted));
      expect(subscribed).toHaveLength(new Set(subscribed).size);
    },
  );

  it("subscribes Accounting's queue, on the default bus, to exactly the AWS events it reacts to", () => {
    const service = SERVICES.find((s) => s.domain === 'accounting')!;
    const subscribed = (service.consumer!.awsSubscriptions ?? []).flatMap(
      ({ source, detailTypes }) => detailTypes.map((type) => `${source}:${type}`),
    );
    const reacted = accountingAwsReactions(noDeps).map((r) => `${r.source}:${r.detailType}`);
    expect(new Set(subscribed)).toEqual(new Set(reacted));
    expect(reacted).toHaveLength(new Set(reacted).size);
    // No other consumer declares AWS events it has no reaction to.
    const others = SERVICES.filter(
      (s) => s.domain !== 'accounting' && s.consumer?.awsSubscriptions,
    );
    expect(others).toEqual([]);
  });

  it("names in each contract's consumers exactly the domains that react to that version", () => {
    for (const contract of ALL_CONTRACTS) {
      const reacting = Object.entries(REACTIONS)
        .filter(([, reactions]) =>
          reactions.some((r) => versioned(r.contract) === versioned(contract)),
        )
        .map(([domain]) => domain);
      expect([...contract.consumers].sort(), versioned(contract)).toEqual(reacting.sort());
    }
  });
});
