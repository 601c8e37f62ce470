import { rulePatternOf, type ServiceDeclaration } from '#shared/declaration';
import { compilePattern, type EventMatcher } from './event-pattern';

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

export interface Rule {
  name: string;
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
  return services.flatMap((service) =>
    (service.consumer?.subscriptions ?? []).map((subscription) => {
      const pattern = rulePatternOf(subscription);
      return {
        name: `${service.domain}-from-${subscription.source}`,
        domain: service.domain,
        pattern,
        matches: compilePattern(pattern),
      };
    }),
  );
}

export interface BusTarget {
  send(body: string): void;
}

/**
 * Routes each published event to the queue of every rule that matches it. `deliveryCopies`
 * is a test knob: EventBridge delivers at least once, so tests can make it deliver twice.
 */
export class LocalBus {
  deliveryCopies = 1;
  /** Events published and how many queue deliveries they made, for tests and the banner. */
  readonly stats = { published: 0, delivered: 0, unmatched: 0 };

  constructor(
    readonly rules: readonly Rule[],
    private readonly targets: ReadonlyMap<string, BusTarget>,
  ) {}

  publish(event: BusEvent) {
    this.stats.published += 1;
    const matched = this.rules.filter((rule) => rule.matches(event));
    if (matched.length === 0) this.stats.unmatched += 1;
    const body = JSON.stringify(event);
    for (const rule of matched) {
      for (let copy = 0; copy < this.deliveryCopies; copy++) {
        this.targets.get(rule.domain)?.send(body);
        this.stats.delivered += 1;
      }
    }
  }
}
