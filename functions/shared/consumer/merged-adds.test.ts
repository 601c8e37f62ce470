import { describe, expect, it } from 'vitest';
import type { TransactItem } from '#shared/dynamo';
import { mergedAdds } from './merged-adds';

const shard = (fees: number, date = '2026-03-03', extra: Partial<TransactItem['Update']> = {}) =>
  ({
    Update: {
      TableName: 't',
      Key: { pk: `FIGURES#${date}`, sk: '3' },
      UpdateExpression: 'SET record_type = :type, business_date = :date ADD fees_cents :fees',
      ExpressionAttributeValues: { ':type': 'day_figures', ':date': date, ':fees': fees },
      ...extra,
    },
  }) as TransactItem;

describe('merged adds', () => {
  it('sums the ADD operands of two unconditional updates of one item that set the same values', () => {
    expect(mergedAdds(shard(1500), shard(3000))?.Update?.ExpressionAttributeValues).toEqual({
      ':type': 'day_figures',
      ':date': '2026-03-03',
      ':fees': 4500,
    });
  });

  it('does not merge when a SET value differs, a condition guards one, or the expressions differ', () => {
    const otherDate = shard(3000, '2026-03-04');
    otherDate.Update!.Key = shard(0).Update!.Key;
    expect(mergedAdds(shard(1500), otherDate)).toBeUndefined();
    expect(
      mergedAdds(
        shard(1500),
        shard(3000, undefined, { ConditionExpression: 'attribute_exists(pk)' }),
      ),
    ).toBeUndefined();
    expect(
      mergedAdds(
        shard(1500),
        shard(3000, undefined, {
          UpdateExpression: 'SET record_type = :type ADD fees_cents :fees',
        }),
      ),
    ).toBeUndefined();
  });

  it('does not merge writes of two items, nor an ADD operand that SET also uses', () => {
    expect(mergedAdds(shard(1500), shard(3000, '2026-03-04'))).toBeUndefined();
    const reused = (fees: number) =>
      shard(fees, undefined, {
        UpdateExpression: 'SET record_type = :type, last = :fees ADD fees_cents :fees',
      });
    expect(mergedAdds(reused(1), reused(2))).toBeUndefined();
  });
});
