import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryAnalytics } from '../test-support/memory-analytics';
import { recordCallerState } from './record-caller-state';

describe('recordCallerState', () => {
  it('keeps the newest revision whatever order the snapshots arrive in, and twice', async () => {
    const memory = memoryAnalytics();
    const id = randomUUID();
    const snapshot = (revision: number, active: boolean, role: 'admin' | 'worker') => ({
      id,
      email: 'kiwi@uberpopug.test',
      name: 'Kiwi',
      role,
      active,
      revision,
      changed_at: '2026-03-02T10:00:00.000Z',
    });
    for (const data of [
      snapshot(3, false, 'worker'),
      snapshot(1, true, 'admin'),
      snapshot(2, true, 'worker'),
      snapshot(3, false, 'worker'),
    ]) {
      await memory.react((deps, changes) => recordCallerState(deps, changes, data));
    }
    expect(await memory.callers.callerState(id)).toEqual({
      active: false,
      role: 'worker',
      revision: 3,
    });
  });
});
