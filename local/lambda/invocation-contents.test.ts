import { describe, expect, it } from 'vitest';
import { contentsOf } from './invocation-contents';

const record = (body: string) => ({ eventSource: 'aws:sqs', body });
const event = (name: string) => JSON.stringify({ 'detail-type': name, detail: {} });

describe('what an invocation carried', () => {
  it('names a batch’s event names with their counts, and nothing for other events', () => {
    const batch = {
      Records: [
        record(event('accounting.close_chunk_requested')),
        record(event('accounting.payout_mails_requested')),
        record(event('accounting.close_chunk_requested')),
        record('not json'),
      ],
    };
    expect(contentsOf(batch)).toBe(
      'accounting.close_chunk_requested ×2, accounting.payout_mails_requested ×1, a message that is not JSON ×1',
    );
    expect(contentsOf({ requestContext: {} })).toBeUndefined();
    expect(contentsOf({ Records: [{ eventSource: 'aws:dynamodb' }] })).toBeUndefined();
  });
});
