import {
  awsRulePatternOf,
  DEFAULT_BUS,
  rulePatternOf,
  type ServiceDeclaration,
} from '#shared/declaration';
import { compilePattern, type EventMatcher, type EventPattern } from './event-pattern';
import type { Faults } from '../faults/faults';

/** The event EventBridge delivers to a target, as the SQS message body carries it. */
export interface BusEvent {
  version: '0';
  id: string;
  source: string;
  'detail-type': string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** aTES's own bus, or the account's default bus (where SES publishes its events). */
export type BusKind = 'ates' | typeof DEFAULT_BUS;

export interface Rule {
  name: string;
  /** The bus the rule is on: aTES's events are matched on aTES's bus, AWS's on the default one. */
  bus: BusKind;
  /** The domain whose queue the rule targets. */
  domain: string;
  pattern: object;
  matches: EventMatcher;
}

/**
 * One rule per subscription, built with the same `rulePatternOf` that `infra/` deploys.
 * Compiling here makes an unsupported pattern fail the start, not a delivery.
 */
export function rulesOf(services: readonly ServiceDeclaration[]): Rule[] {
  const rule = (bus: BusKind, name: string, domain: string, pattern: EventPattern): Rule => ({
    name,
    bus,
    domain,
    pattern,
    matches: compilePattern(pattern),
  });
  return services.flatMap((service) => [
    ...(service.consumer?.subscriptions ?? []).map((subscription) =>
      rule(
        'ates',
        `${service.domain}-from-${subscription.source}`,
        service.domain,
        rulePatternOf(subscription),
      ),
    ),
    ...(service.consumer?.awsSubscriptions ?? []).map((subscription) =>
      rule(
        DEFAULT_BUS,
        `${service.domain}-from-${subscription.source}`,
        service.domain,
        awsRulePatternOf(subscription),
      ),
    ),
  ]);
}

export interface BusTarget {
  send(body: string): void;
}

/**
 * Routes each published event to the queue of every rule that matches it. `deliveryCopies`
 * is a test knob: EventBridge delivers at least once, so tests can make it deliver twice.
 * With a fault's `reorderWindow`, deliveries are held (up to the window, or a few ms) and
 * released in a shuffled order, as EventBridge promises no order.
 */
export class LocalBus {
  deliveryCopies = 1;
  /** Events published and how many queue deliveries they made, for tests and the banner. */
  readonly stats = { published: 0, delivered: 0, unmatched: 0 };
  private held: { domain: string; body: string }[] = [];
  private releaseTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly rules: readonly Rule[],
    private readonly targets: ReadonlyMap<string, BusTarget>,
    private readonly faults?: Faults,
  ) {}

  /** No delivery is being held back for reordering. */
  get idle() {
    return this.held.length === 0;
  }

  /** An event put on `bus`: aTES's (the relays' PutEvents) or the default one (SES's events). */
  publish(event: BusEvent, bus: BusKind = 'ates') {
    this.stats.published += 1;
    const matched = this.rules.filter((rule) => rule.bus === bus && rule.matches(event));
    if (matched.length === 0) this.stats.unmatched += 1;
    const body = JSON.stringify(event);
    for (const rule of matched) {
      for (let copy = 0; copy < this.deliveryCopies; copy++) {
        this.deliver(rule.domain, body);
      }
    }
  }

  private deliver(domain: string, body: string) {
    const window = this.faults?.options.reorderWindow ?? 0;
    if (window <= 1) {
      this.targets.get(domain)?.send(body);
      this.stats.delivered += 1;
      return;
    }
    this.held.push({ domain, body });
    if (this.held.length >= window) this.release();
    else if (!this.releaseTimer) {
      this.releaseTimer = setTimeout(() => this.release(), HOLD_MS);
      this.releaseTimer.unref();
    }
  }

  /** Sends what the reorder window still holds, at once (the cloud stops). */
  flush() {
    if (this.held.length > 0) this.release();
  }

  /** Sends every held delivery, shuffled. */
  private release() {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    const batch = this.faults!.shuffled(this.held);
    this.held = [];
    this.faults!.stats.reorderedReleases += 1;
    for (const { domain, body } of batch) {
      this.targets.get(domain)?.send(body);
      this.stats.delivered += 1;
    }
  }
}

/** How long a delivery waits for others to be shuffled with when the window is not full. */
const HOLD_MS = 15;
