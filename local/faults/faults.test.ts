import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { LocalBus, type BusEvent, type Rule } from '../eventbridge/local-bus';
import { TaskTimedOutError } from '../sqs/local-queue';
import { startEventBridgeServer } from '../eventbridge/eventbridge-server';
import { ALL_FAULTS, Faults, InjectedFaultError, seededRandom, withConsumerFaults } from './faults';
import { parseFaults } from './parse-faults';

const eventOf = (receiveCount: number): SQSEvent =>
  ({
    Records: [
      { messageId: 'm', body: '{}', attributes: { ApproximateReceiveCount: String(receiveCount) } },
    ],
  }) as unknown as SQSEvent;

describe('fault options', () => {
  it('reads ATES_FAULTS: all, none, and key=value pairs that override all', () => {
    expect(parseFaults(undefined)).toBeUndefined();
    expect(parseFaults('none')).toBeUndefined();
    expect(parseFaults('all')).toEqual(ALL_FAULTS);
    expect(parseFaults('all,seed=7,before=0.3')).toEqual({
      ...ALL_FAULTS,
      seed: 7,
      consumerFailBefore: 0.3,
    });
    expect(parseFaults('copies=3,reorder=8')).toEqual({ deliveryCopies: 3, reorderWindow: 8 });
    expect(parseFaults('sesthrottle=0.1,sesreject=0.02')).toEqual({
      sesThrottle: 0.1,
      sesReject: 0.02,
    });
    expect(ALL_FAULTS).toMatchObject({
      sesThrottle: expect.any(Number),
      sesReject: expect.any(Number),
    });
    expect(() => parseFaults('before=2')).toThrow(/fraction/);
    expect(() => parseFaults('sometimes')).toThrow(/not a fault/);
  });

  it('draws the same faults from the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('with everyKindOnce, injects each kind with a rate at its first chance, then at its rate', () => {
    // A rate so low that 200 draws of this seed never hit it: what happens is the first chance.
    const rate = 1e-9;
    const faults = new Faults({ seed: 7, everyKindOnce: true });
    const hits = (kind: string) =>
      Array.from({ length: 200 }, () => faults.chance(rate, kind)).filter(Boolean).length;
    expect(hits('consumerFailBefore')).toBe(1);
    expect(hits('consumerFailBefore')).toBe(0);
    expect(hits('dynamoThrottle:write')).toBe(1);
    expect(faults.chance(0, 'putEventsCallFailure')).toBe(false); // off stays off
    expect(faults.chance(rate)).toBe(false); // a chance with no kind: the rate alone
    const ratesAlone = new Faults({ seed: 7 });
    expect(Array.from({ length: 200 }, () => ratesAlone.chance(rate, 'x')).some(Boolean)).toBe(
      false,
    );
  });
});

describe('consumer faults', () => {
  it('fails before the handler runs: no effect', async () => {
    const faults = new Faults({ consumerFailBefore: 1 });
    let ran = 0;
    const consume = withConsumerFaults(faults, 5, async () => void (ran += 1));
    await expect(consume(eventOf(1))).rejects.toBeInstanceOf(InjectedFaultError);
    expect(ran).toBe(0);
    expect(faults.stats.consumerFailedBefore).toBe(1);
  });

  it('fails after the handler succeeded: the effect is written, the batch still fails', async () => {
    const faults = new Faults({ consumerFailAfter: 1 });
    let ran = 0;
    const consume = withConsumerFaults(faults, 5, async () => void (ran += 1));
    await expect(consume(eventOf(1))).rejects.toThrow(/after the handler succeeded/);
    expect(ran).toBe(1);
    expect(faults.stats.consumerFailedAfter).toBe(1);
  });

  it('runs past the timeout: the invocation times out while the handler is still at work, whose writes land later', async () => {
    const faults = new Faults({ consumerOverrun: 1 });
    let finished = 0;
    const consume = withConsumerFaults(faults, 5, async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      finished += 1;
    });
    await expect(consume(eventOf(1))).rejects.toBeInstanceOf(TaskTimedOutError);
    expect(finished).toBe(0);
    await vi.waitFor(() => expect(finished).toBe(1), { timeout: 10_000 });
    expect(faults.stats.consumerOverran).toBe(1);
  });

  it('never spends a message’s last two receives on an injected fault', async () => {
    const faults = new Faults({ consumerFailBefore: 1, consumerFailAfter: 1, consumerOverrun: 1 });
    const consume = withConsumerFaults(faults, 5, async () => 'done');
    await expect(consume(eventOf(4))).resolves.toBe('done');
    await expect(consume(eventOf(5))).resolves.toBe('done');
    await expect(consume(eventOf(3))).rejects.toBeInstanceOf(InjectedFaultError);
  });

  it('leaves the consumer untouched with no fault on', () => {
    const consume = async () => undefined;
    expect(withConsumerFaults(undefined, 5, consume)).toBe(consume);
    expect(withConsumerFaults(new Faults({ deliveryCopies: 2 }), 5, consume)).toBe(consume);
  });
});

describe('the reorder window on the bus', () => {
  const rule: Rule = { name: 'r', bus: 'ates', domain: 'd', pattern: {}, matches: () => true };
  const event = (n: number) => ({ id: String(n), detail: { n } }) as unknown as BusEvent;

  it('holds deliveries until the window is full, then releases them all, shuffled', () => {
    const sent: number[] = [];
    const target = {
      send: (body: string) => sent.push((JSON.parse(body) as { detail: { n: number } }).detail.n),
    };
    const bus = new LocalBus(
      [rule],
      new Map([['d', target]]),
      new Faults({ reorderWindow: 8, seed: 3 }),
    );
    for (let n = 0; n < 7; n++) bus.publish(event(n));
    expect(sent).toEqual([]);
    expect(bus.idle).toBe(false);
    bus.publish(event(7));
    expect(bus.idle).toBe(true);
    expect([...sent].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sent).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('releases a partial window after a moment, so nothing waits for traffic', async () => {
    const sent: string[] = [];
    const bus = new LocalBus(
      [rule],
      new Map([['d', { send: (b: string) => sent.push(b) }]]),
      new Faults({ reorderWindow: 8 }),
    );
    bus.publish(event(1));
    expect(sent).toHaveLength(0);
    await vi.waitFor(() => expect(sent).toHaveLength(1), { timeout: 10_000 });
    expect(bus.idle).toBe(true);
  });
});

describe('PutEvents faults', () => {
  const put = (url: string, entries: number) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSEvents.PutEvents',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({
        Entries: Array.from({ length: entries }, () => ({
          Source: 'ates.tasker',
          DetailType: 'x',
          Detail: '{}',
        })),
      }),
    });

  it('fails some entries (FailedEntryCount > 0) and whole calls, publishing only what it accepted', async () => {
    const published: BusEvent[] = [];
    const faults = new Faults({ putEventsEntryFailure: 0.5, putEventsCallFailure: 0.3, seed: 5 });
    const server = await busWith(faults, published);
    try {
      let accepted = 0;
      let failedEntries = 0;
      let failedCalls = 0;
      for (let i = 0; i < 20; i++) {
        const res = await put(server.url, 10);
        if (res.status === 500) {
          failedCalls += 1;
          expect(((await res.json()) as { __type: string }).__type).toBe('InternalFailure');
          continue;
        }
        const body = (await res.json()) as {
          FailedEntryCount: number;
          Entries: { ErrorCode?: string }[];
        };
        expect(body.FailedEntryCount).toBe(body.Entries.filter((e) => e.ErrorCode).length);
        failedEntries += body.FailedEntryCount;
        accepted += body.Entries.length - body.FailedEntryCount;
      }
      expect(failedCalls).toBeGreaterThan(0);
      expect(failedEntries).toBeGreaterThan(0);
      expect(published).toHaveLength(accepted);
      expect(faults.stats).toMatchObject({
        putEventsCallsFailed: failedCalls,
        putEventsEntriesFailed: failedEntries,
      });
    } finally {
      await server.close();
    }
  });

  it('throttles PutEvents: some whole calls (400 ThrottlingException), some single entries', async () => {
    const published: BusEvent[] = [];
    const faults = new Faults({ putEventsThrottle: 0.6, seed: 9 });
    const server = await busWith(faults, published);
    try {
      let accepted = 0;
      for (let i = 0; i < 20; i++) {
        const res = await put(server.url, 5);
        if (res.status === 400) {
          expect(((await res.json()) as { __type: string }).__type).toBe('ThrottlingException');
          continue;
        }
        const body = (await res.json()) as { Entries: { ErrorCode?: string }[] };
        const refused = body.Entries.filter((e) => e.ErrorCode);
        expect(refused.every((e) => e.ErrorCode === 'ThrottlingException')).toBe(true);
        accepted += body.Entries.length - refused.length;
      }
      expect(faults.stats.putEventsCallsThrottled).toBeGreaterThan(0);
      expect(faults.stats.putEventsEntriesThrottled).toBeGreaterThan(0);
      expect(published).toHaveLength(accepted);
    } finally {
      await server.close();
    }
  });
});

/** The local EventBridge with `faults`, recording what it published. */
const busWith = (faults: Faults, published: BusEvent[]) =>
  startEventBridgeServer({
    port: 0,
    region: 'us-east-1',
    busName: 'b',
    publish: (e) => published.push(e),
    faults,
  });
