/** What a record's log lines carry of its event: name, version, ids. */
export type LoggedEvent = Partial<Record<string, string | number>>;

/**
 * What the log lines name an event by: its request's id, name, version and id, read loosely from
 * the message (the processor validates it, and refuses what is no event, with its own error).
 */
export function metadataOf(body: string): LoggedEvent {
  let metadata: Record<string, unknown> | undefined;
  try {
    const message = JSON.parse(body);
    metadata = String(message?.source).startsWith('aws.')
      ? // AWS's event: named by its source and detail-type, its id the only correlation it has.
        {
          event_name: `${message.source} ${message['detail-type']}`,
          event_id: message.id,
          correlation_id: message.id,
        }
      : message?.detail?.metadata;
  } catch {
    return {}; // not JSON: prepare throws for it, and that is what gets logged
  }
  const fields = ['correlation_id', 'event_name', 'event_version', 'event_id'] as const;
  return Object.fromEntries(
    fields.flatMap((field) => {
      const value = metadata?.[field];
      return typeof value === 'string' || typeof value === 'number' ? [[field, value]] : [];
    }),
  );
}
