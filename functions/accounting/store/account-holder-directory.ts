import * as z from '#events/zod';
import { roleSchema } from '#events';
import { queryAll } from '#shared/query-all';
import { CLOSE_LANES } from '../domain/close';
import type { AccountHolderDirectory, AccountHolder } from '../domain/ports';
import { INDEX, laneIndex } from './keys';

const personItem = z.object({
  user_id: z.string(),
  name: z._default(z.nullable(z.string()), null),
  role: z._default(z.nullable(roleSchema), null),
  active: z._default(z.nullable(z.boolean()), null),
});

/**
 * The account holders, read through the close's lane index (every account is in exactly one
 * lane): a query per lane, side by side, with only the fields a picker shows. A company's
 * accounts are a few pages at most; eventually consistent, as a name list may be.
 */
export class DynamoAccountHolderDirectory implements AccountHolderDirectory {
  constructor(private readonly table: string) {}

  async everyone(): Promise<AccountHolder[]> {
    const lanes = Array.from({ length: CLOSE_LANES }, (_, lane) => this.lane(lane));
    return (await Promise.all(lanes)).flat();
  }

  private async lane(lane: number): Promise<AccountHolder[]> {
    const items = await queryAll({
      TableName: this.table,
      IndexName: INDEX,
      KeyConditionExpression: 'gsi1pk = :lane',
      ExpressionAttributeValues: { ':lane': laneIndex.pk(lane) },
      ProjectionExpression: 'user_id, #name, #role, active',
      ExpressionAttributeNames: { '#name': 'name', '#role': 'role' },
    });
    return items.map((item) => {
      const person = personItem.parse(item);
      return { id: person.user_id, name: person.name, role: person.role, active: person.active };
    });
  }
}
