/**
 * The shape of an outbox row, apart from the code that writes one: the relay reads rows and must
 * not pull the event registry (and zod) into its bundle.
 */
export const OUTBOX_RECORD_TYPE = 'outbox';

export interface OutboxRow {
  pk: string;
  sk: string;
  record_type: typeof OUTBOX_RECORD_TYPE;
  source: string;
  detail_type: string;
  /** The serialized `{ metadata, data }` envelope, published as the event's detail. */
  detail: string;
  created_at: string;
  expires_at: number;
}
