import { describe, expect, it } from 'vitest';
import { AccountingError } from '../domain/errors';
import { memoryAccountingDeps, publishedData } from '../test-support/memory';
import { requestClose } from './request-close';

const context = { correlationId: 'request-close-test' };
/** Accounting at 00:00:05 on the 4th: the 3rd has just ended; movements since the 3rd. */
function closing() {
  const memory = memoryAccountingDeps({ clock: () => new Date('2026-03-04T00:00:05.000Z') });
  memory.stores.ledger.tables.firstMovement.seed('first', '2026-03-03');
  return memory;
}
const refusedWith = (code: string) => (error: unknown) =>
  error instanceof AccountingError && error.code === code;

describe('asking for a close', () => {
  it('closes the last ended day by default, once, and publishes its request', async () => {
    const { deps, unitOfWork } = closing();
    expect(await requestClose(deps, { requestedBy: null }, context)).toMatchObject({
      date: '2026-03-03',
      status: 'running',
      covered_by: null,
    });
    expect(
      await requestClose(deps, { date: '2026-03-03', requestedBy: 'x' }, context),
    ).toMatchObject({ date: '2026-03-03', covered_by: null });
    expect(publishedData(unitOfWork, 'accounting.close_requested')).toEqual([
      { date: '2026-03-03', requested_by: null, requested_at: '2026-03-04T00:00:05.000Z' },
    ]);
  });

  it('closes only a day that has ended, and not one before the first movement or the archive', async () => {
    const { deps, unitOfWork } = closing();
    for (const date of ['2026-03-04', '2026-03-05'])
      await expect(requestClose(deps, { date, requestedBy: null }, context)).rejects.toSatisfy(
        refusedWith('day_not_over'),
      );
    await expect(
      requestClose(deps, { date: '2026-03-02', requestedBy: null }, context),
    ).rejects.toSatisfy(refusedWith('before_first_movement'));
    for (const date of ['1970-01-01', '0100-01-01', '2025-03-03'])
      await expect(requestClose(deps, { date, requestedBy: null }, context)).rejects.toSatisfy(
        refusedWith('beyond_archive'),
      );
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('pays nothing for an ended day a later close covered, and says which close', async () => {
    const { deps, unitOfWork } = memoryAccountingDeps({
      clock: () => new Date('2026-03-12T00:00:05.000Z'),
    });
    await deps.ledger.recordMovementDate('2026-03-01');
    await requestClose(deps, { date: '2026-03-11', requestedBy: null }, context);
    expect(
      await requestClose(deps, { date: '2026-03-08', requestedBy: null }, context),
    ).toMatchObject({
      date: '2026-03-08',
      status: 'done',
      paid_count: 0,
      covered_by: '2026-03-11',
    });
    expect(await deps.closes.find('2026-03-08')).toBeUndefined();
    expect(publishedData(unitOfWork, 'accounting.close_requested')).toHaveLength(1);
  });
});
