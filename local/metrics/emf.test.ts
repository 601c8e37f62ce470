import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRIC, METRICS_NAMESPACE } from '#shared/metrics/catalog';
import {
  heldUntilCommitted,
  recordCents,
  recordMetric,
  recordRefusal,
  withMetrics,
} from '#shared/metrics/metrics';
import { MetricsBoard } from './board';
import { parseEmfLine, type EmfRecord } from './emf';
import { onEmfLines } from './stdout-tap';

/**
 * What a function records (functions/shared/metrics) is printed as EMF on stdout, and what the
 * local cloud reads back from stdout (local/metrics) is the same figures, per domain.
 */
let lines: EmfRecord[];
let stopReading: () => void;

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_DEV', 'false'); // as in Lambda: printed to stdout, not switched off
  vi.stubEnv('ATES_STAGE', 'test');
  lines = [];
  stopReading = onEmfLines((line) => lines.push(line));
});
afterEach(() => {
  stopReading();
  vi.unstubAllEnvs();
});

describe('metrics from a function to the local page', () => {
  it('prints one EMF line per invocation, by domain and stage, with the function as metadata', async () => {
    await withMetrics('tasker', 'ates-tasker-createTask', async () => {
      recordMetric(METRIC.tasksCreated);
      recordCents(METRIC.feesCents, 1250);
    });
    await withMetrics('tasker', 'ates-tasker-listTasks', async () => undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      namespace: METRICS_NAMESPACE,
      dimensions: { service: 'tasker', stage: 'test' },
      metadata: { function: 'ates-tasker-createTask' },
    });
    expect(lines[0]!.metrics).toStrictEqual([
      { name: 'TasksCreated', unit: 'Count', values: [1] },
      { name: 'FeesCents', unit: 'None', values: [1250] },
    ]);
  });

  it("keeps an event reaction's figures only if its writes committed", async () => {
    await withMetrics('accounting', 'consumer', async () => {
      await heldUntilCommitted(async () => recordMetric(METRIC.feesCharged)); // not kept
      const { keep } = await heldUntilCommitted(async () => recordMetric(METRIC.rewardsPaid));
      await keep();
    });
    expect(lines.flatMap((l) => l.metrics.map((m) => m.name))).toStrictEqual(['RewardsPaid']);
  });

  it('counts a refusal under its reason, apart from the other figures', async () => {
    await withMetrics('auth', 'login', async () => recordRefusal('invalid_credentials'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.dimensions).toStrictEqual({
      service: 'auth',
      stage: 'test',
      reason: 'invalid_credentials',
    });
  });

  it('adds lines up per domain, since the start and over the last hour', () => {
    const board = new MetricsBoard(METRICS_NAMESPACE);
    const at = Date.parse('2026-12-05T12:00:00Z');
    const line = (timestamp: number, value: number): EmfRecord => ({
      timestamp,
      namespace: METRICS_NAMESPACE,
      dimensions: { service: 'accounting', stage: 'local' },
      metrics: [{ name: 'PayoutsCents', unit: 'None', values: [value] }],
      metadata: {},
    });
    board.record(line(at - 2 * 60 * 60 * 1000, 500));
    board.record(line(at - 60_000, 700));
    board.record({ ...line(at, 1), namespace: 'someone-else' });
    const view = board.view(new Date(at));
    expect(view.domains.accounting!.PayoutsCents).toStrictEqual({
      total: { unit: 'None', sum: 1200, count: 2, max: 700 },
      lastHour: { unit: 'None', sum: 700, count: 1, max: 700 },
    });
  });

  it('reads only EMF documents as metrics', () => {
    expect(parseEmfLine('{"level":"INFO","message":"request refused"}')).toBeUndefined();
    expect(parseEmfLine('{"_aws": not json')).toBeUndefined();
    expect(parseEmfLine('{"_aws":{"Timestamp":1}}')).toBeUndefined();
  });
});
