import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe } from 'vitest';
import { SERVICES } from '../../services';
import { createTables } from '../../../test/support/tables';
import { eventsOfRow } from '../../../test/support/outbox-events';
import { documentClient, guarded } from '#shared/dynamo';
import { OUTBOX_RECORD_TYPE } from '#shared/outbox/outbox';
import type { Changes } from './changes';
import { DynamoUnitOfWork } from './dynamo-unit-of-work';
import { unitOfWorkContract, type CounterStore } from './unit-of-work.contract';

/** The contract's counter store, on DynamoDB Local (one item per counter). */
class DynamoCounterStore implements CounterStore {
  constructor(private readonly table: string) {}

  async read(id: string) {
    const { Item: item } = await documentClient.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `COUNTER#${id}`, sk: 'COUNTER' },
        ConsistentRead: true,
      }),
    );
    return item ? { value: item.value as number, revision: item.revision as number } : undefined;
  }

  created(changes: Changes, id: string) {
    changes.write(
      guarded('counter_is_new', {
        Put: {
          TableName: this.table,
          Item: { pk: `COUNTER#${id}`, sk: 'COUNTER', value: 0, revision: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    );
  }

  moved(changes: Changes, id: string, by: number, revision: number) {
    changes.write(
      guarded('counter_unchanged', {
        Update: {
          TableName: this.table,
          Key: { pk: `COUNTER#${id}`, sk: 'COUNTER' },
          UpdateExpression: 'SET #value = #value + :by, revision = :next',
          ConditionExpression: 'revision = :read',
          ExpressionAttributeNames: { '#value': 'value' },
          ExpressionAttributeValues: { ':by': by, ':next': revision + 1, ':read': revision },
        },
      }),
    );
  }
}

describe('the unit of work on DynamoDB', () => {
  let table: string;
  beforeAll(async () => {
    const [created] = await createTables(SERVICES.slice(0, 1));
    table = created!.name;
  });

  unitOfWorkContract(async () => ({
    counters: new DynamoCounterStore(table),
    unitOfWork: (refusals) => new DynamoUnitOfWork({ tableName: table, refusals }),
    published: async () => {
      const { Items = [] } = await documentClient.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: 'record_type = :outbox',
          ExpressionAttributeValues: { ':outbox': OUTBOX_RECORD_TYPE },
          ConsistentRead: true,
        }),
      );
      return Items.flatMap((row) => eventsOfRow(row).map((event) => event.envelope));
    },
  }));
});
