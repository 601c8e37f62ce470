import { envelopeSchema, findContract, type EventMetadata } from '#events';
import { eventsOfRow } from '../../../test/support/outbox-events';
import { scanTable } from '../../../test/support/table-scan';

const table = () => process.env.AUTH_TABLE!;

const scanAll = () => scanTable(table());

export interface PublishedEvent {
  pk: string;
  source: string;
  detailType: string;
  metadata: EventMetadata;
  data: Record<string, unknown>;
}

/**
 * Every outbox row in this file's Auth table, each checked the way a consumer checks it:
 * envelope shape, then the data against the registry's contract for its (name, version).
 */
export async function outboxEvents(): Promise<PublishedEvent[]> {
  const rows = (await scanAll()).filter((item) => item.record_type === 'outbox');
  return rows
    .flatMap((row) => eventsOfRow(row).map((event) => ({ row, event })))
    .map(({ row, event }) => {
      const { metadata, data } = envelopeSchema.parse(event.envelope);
      const contract = findContract(metadata.event_name, metadata.event_version);
      return {
        pk: row.pk as string,
        source: row.source as string,
        detailType: row.detail_type as string,
        metadata,
        data: contract.schema.parse(data) as Record<string, unknown>,
      };
    })
    .sort((a, b) => a.metadata.event_time.localeCompare(b.metadata.event_time));
}

/** Records what is in the outbox now; `newEvents()` then returns only what was added since. */
export async function outboxWatermark() {
  const before = new Set((await outboxEvents()).map((event) => event.pk));
  return {
    newEvents: async () => (await outboxEvents()).filter((event) => !before.has(event.pk)),
  };
}

/** Every item of one record type (users, e-mail guards, ...), for "nothing was written" checks. */
export const itemsOfType = async (recordType: string) =>
  (await scanAll()).filter((item) => item.record_type === recordType);

/** The raw table text: for asserting that no password or token ever reaches it. */
export const tableDump = async () => JSON.stringify(await scanAll());
