import { describe, expect, it } from 'vitest';
import type { ItemKey } from '#shared/dynamo';
import { ReadsAtOnce } from './reads-at-once';

const key = (pk: string): ItemKey => ({ pk, sk: 'ITEM' });

/** A store of items `a`, `b`, `c` that records each read it is asked for. */
function store() {
  const calls: string[][] = [];
  const stored = new Set(['a', 'b', 'c']);
  const reads = new ReadsAtOnce(async (keys) => {
    calls.push(keys.map((k) => k.pk));
    return keys.filter((k) => stored.has(k.pk)).map((k) => ({ ...k, found: true }));
  });
  return { calls, reads };
}

describe('ReadsAtOnce', () => {
  it('reads what is asked for in one turn in one call, and each asker gets the items found', async () => {
    const { calls, reads } = store();
    const answers = await Promise.all([
      reads.itemsAt([key('a'), key('x')]),
      // Asked a few promise jobs later, still in the same turn (a reaction's awaits).
      Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => reads.itemsAt([key('b')])),
    ]);
    expect(calls).toEqual([['a', 'x', 'b']]);
    for (const items of answers) expect(items.map((i) => i.pk).sort()).toEqual(['a', 'b']);
  });

  it('reads asked for in later turns go in calls of their own', async () => {
    const { calls, reads } = store();
    await reads.itemsAt([key('a')]);
    await new Promise((resolve) => setImmediate(resolve));
    await reads.itemsAt([key('c')]);
    expect(calls).toEqual([['a'], ['c']]);
  });

  it('a failed read fails every asker of its turn, and the next turn reads anew', async () => {
    let fail = true;
    const reads = new ReadsAtOnce(async (keys) => {
      if (fail) throw new Error('throttled');
      return keys.map((k) => ({ ...k }));
    });
    const asked = [reads.itemsAt([key('a')]), reads.itemsAt([key('b')])];
    for (const answer of asked) await expect(answer).rejects.toThrow('throttled');
    fail = false;
    expect(await reads.itemsAt([key('a')])).toEqual([key('a')]);
  });
});
