/**
 * What an invocation's event carried, in a few words, for the report of the longest invocation
 * of each function: for a queue's batch, its records' event names and how many of each
 * (`accounting.payout_mails_requested ×2`), so a long one says whether close chunks or e-mail
 * pages made it long; for any other event, nothing.
 */
export function contentsOf(event: unknown): string | undefined {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) return undefined;
  const counts = new Map<string, number>();
  for (const record of records as { eventSource?: string; body?: string }[]) {
    if (record.eventSource !== 'aws:sqs') return undefined;
    const name = eventNameOf(record.body);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => `${name} ×${count}`).join(', ');
}

/** An EventBridge event's detail-type, as its queue's message body carries it. */
function eventNameOf(body: string | undefined): string {
  try {
    const name = (JSON.parse(body ?? '') as { 'detail-type'?: unknown })['detail-type'];
    return typeof name === 'string' ? name : 'a message without a detail-type';
  } catch {
    return 'a message that is not JSON';
  }
}
