import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as Unit } from '@aws-lambda-powertools/metrics/types';
import { contextSlot } from '../async-context';
import { METRIC, METRICS_NAMESPACE, type MetricName } from './catalog';

export { MetricUnit } from '@aws-lambda-powertools/metrics';

interface Recorded {
  name: MetricName;
  unit: Unit;
  value: number;
}

interface Invocation {
  metrics: Metrics;
  /** Inside one event's reaction: held until its transaction commits (see heldUntilCommitted). */
  held?: Recorded[];
  /** Inside one event's reaction: what to find out once its transaction has committed. */
  afterCommit?: (() => Promise<void>)[];
}

const invocations = contextSlot<Invocation>('metrics');

/** The stage every metric is filed under (`ATES_STAGE`, set by infra/ and local/). */
export const metricsStage = () => process.env.ATES_STAGE || 'unknown';

const metricsOf = (domain: string) =>
  new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: domain,
    defaultDimensions: { stage: metricsStage() },
  });

/**
 * Runs one invocation's work with a metrics buffer of its own, printed as one EMF line when the
 * work ends, failed or not. One buffer per invocation rather than per process: invocations of
 * one process may overlap (the local cloud runs many at once), and a shared buffer would mix
 * their dimensions. `function` is the log line's metadata, not a dimension (docs/operations.md).
 */
export async function withMetrics<T>(
  domain: string,
  functionName: string,
  work: () => Promise<T>,
): Promise<T> {
  const metrics = metricsOf(domain);
  try {
    return await invocations.run({ metrics }, work);
  } finally {
    if (metrics.hasStoredMetrics()) {
      metrics.addMetadata('function', functionName);
      metrics.publishStoredMetrics();
    }
  }
}

/**
 * Records a business metric in the current invocation. Outside one (a use case called by a
 * test or a script) there is nobody to report to, and nothing is recorded.
 */
export function recordMetric(name: MetricName, value = 1, unit: Unit = MetricUnit.Count) {
  const invocation = invocations.getStore();
  if (!invocation) return;
  if (invocation.held) invocation.held.push({ name, unit, value });
  else invocation.metrics.addMetric(name, unit, value);
}

/**
 * `recordMetric` for what happened whether or not the event's transaction commits — an e-mail
 * handed to SES is sent even if its event is retried — so never held back.
 */
export function recordMetricNow(name: MetricName, value = 1) {
  invocations.getStore()?.metrics.addMetric(name, MetricUnit.Count, value);
}

/** `recordMetric` for amounts of money: integer cents, unit-less. */
export const recordCents = (name: MetricName, cents: number) =>
  recordMetric(name, cents, MetricUnit.NoUnit);

/** A refused request, by its error code: the one metric with a third dimension. */
export function recordRefusal(reason: string) {
  const invocation = invocations.getStore();
  if (!invocation) return;
  const single = invocation.metrics.singleMetric();
  single.addDimension('reason', reason);
  single.addMetric(METRIC.commandsRefused, MetricUnit.Count, 1);
}

/**
 * Measures something only the committed state tells (a close that just finished): `measure`
 * runs once the reaction's writes have committed, and records what it finds.
 */
export function whenCommitted(measure: () => Promise<void>) {
  const invocation = invocations.getStore();
  if (!invocation) return;
  if (!invocation.afterCommit) throw new Error('whenCommitted outside an event reaction');
  invocation.afterCommit.push(measure);
}

/**
 * Runs an event's reaction with what it records held back; `keep()` records it once the
 * reaction's writes have committed, and a reaction that failed or found its event applied
 * before records nothing: a retried or redelivered event counts once.
 */
export async function heldUntilCommitted<T>(
  work: () => Promise<T>,
): Promise<{ result: T; keep: () => Promise<void> }> {
  const invocation = invocations.getStore();
  if (!invocation) return { result: await work(), keep: async () => undefined };
  const held: Recorded[] = [];
  const afterCommit: (() => Promise<void>)[] = [];
  const result = await invocations.run({ ...invocation, held, afterCommit }, work);
  return {
    result,
    keep: async () => {
      for (const { name, unit, value } of held) invocation.metrics.addMetric(name, unit, value);
      for (const measure of afterCommit) await invocations.run(invocation, measure);
    },
  };
}
