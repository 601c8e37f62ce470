import * as z from '#events/zod';
import { roleSchema } from '#events';
import { CLOSE_LANES } from '../domain/close';
import type { AccountHolderDirectory, AccountHolder } from '../domain/ports';
import { laneIndex } from './keys';
import { laneEntries } from './lane-members';

const personItem = z.object({
  name: z._default(z.nullable(z.string()), null),
  role: z._default(z.nullable(roleSchema), null),
  active: z._default(z.nullable(z.boolean()), null),
});

/**
 * The account holders, read through the close's lane index (every account is in exactly one
 * lane; the lane index copies the name, role and active flag): a query per lane and source, side
 * by side, with only the fields a picker shows. A company's accounts are a few pages at most;
 * eventually consistent, as a name list may be.
 */
export class DynamoAccountHolderDirectory implements AccountHolderDirectory {
  constructor(private readonly table: string) {}

  async everyone(): Promise<AccountHolder[]> {
    const lanes = Array.from({ length: CLOSE_LANES }, (_, lane) => this.lane(lane));
    return (await Promise.all(lanes)).flat();
  }

  /** An account listed by both sources (learned again before it was moved) is one person. */
  private async lane(lane: number): Promise<AccountHolder[]> {
    const entries = await laneEntries(this.table, lane, laneIndex.projected);
    return [...entries].map(([id, item]) => {
      const person = personItem.parse(item);
      return { id, name: person.name, role: person.role, active: person.active };
    });
  }
}
