import { describe, expect, it } from 'vitest';
import { contextSlot } from './async-context';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('contextSlot', () => {
  it('is empty outside a run and holds its value through awaits inside one', async () => {
    const slot = contextSlot<string>('a');
    expect(slot.getStore()).toBeUndefined();
    await slot.run('inside', async () => {
      await tick();
      expect(slot.getStore()).toBe('inside');
    });
    expect(slot.getStore()).toBeUndefined();
  });

  it('keeps every other slot when one is run, and the outer value after an inner run', async () => {
    const deadline = contextSlot<number>('deadline');
    const keys = contextSlot<{ id: string }>('keys');
    await deadline.run(1, () =>
      keys.run({ id: 'outer' }, async () => {
        await keys.run({ id: 'inner' }, async () => {
          await tick();
          expect(keys.getStore()).toEqual({ id: 'inner' });
          expect(deadline.getStore()).toBe(1);
        });
        await deadline.run(2, async () => {
          await tick();
          expect(deadline.getStore()).toBe(2);
          expect(keys.getStore()).toEqual({ id: 'outer' });
        });
        expect(deadline.getStore()).toBe(1);
        expect(keys.getStore()).toEqual({ id: 'outer' });
      }),
    );
  });

  it('keeps runs at once apart, each with its own value', async () => {
    const slot = contextSlot<number>('record');
    const other = contextSlot<string>('invocation');
    const seen = await other.run('one invocation', () =>
      Promise.all(
        [1, 2, 3].map((n) =>
          slot.run(n, async () => {
            await tick();
            await tick();
            return [slot.getStore(), other.getStore()];
          }),
        ),
      ),
    );
    expect(seen).toEqual([
      [1, 'one invocation'],
      [2, 'one invocation'],
      [3, 'one invocation'],
    ]);
  });

  it('tells two slots apart even when they share a name', async () => {
    const a = contextSlot<string>('same');
    const b = contextSlot<string>('same');
    await a.run('a', async () => {
      expect(b.getStore()).toBeUndefined();
      await b.run('b', async () => expect(a.getStore()).toBe('a'));
    });
  });
});
