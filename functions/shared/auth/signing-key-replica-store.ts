import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { publicSigningJwk } from '#events/auth/auth.signing_key.published.v1';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { PublishedJwk, PublishedKeys } from './published-keys';

/**
 * Every domain that verifies tokens keeps Auth's public signing keys in its own table, one item
 * per key: `pk = AUTH_SIGNING_KEY`, `sk = KID#<kid>`. One partition, a handful of small items
 * (one per rotation), read with one Query at a cold start.
 */
const REPLICA_PK = 'AUTH_SIGNING_KEY';
const replicaKey = (kid: string) => ({ pk: REPLICA_PK, sk: `KID#${kid}` });

/** The guard of a key's first write: a key is immutable, so the first copy is the copy. */
export const KEY_IS_NEW = 'signing_key_is_new';

export class DynamoSigningKeyReplica implements PublishedKeys {
  constructor(private readonly tableName: string) {}

  async publishedJwks(): Promise<PublishedJwk[]> {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': REPLICA_PK },
      }),
    );
    return Items.map((item) => publicSigningJwk.parse(JSON.parse(String(item.jwk))));
  }

  async has(kid: string): Promise<boolean> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: replicaKey(kid), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  /** Records a key the replica has not held; the condition makes a concurrent copy a no-op race. */
  added(changes: Changes, key: { kid: string; generation: number; jwk: PublishedJwk }): void {
    changes.write(
      guarded(KEY_IS_NEW, {
        Put: {
          TableName: this.tableName,
          Item: {
            ...replicaKey(key.kid),
            record_type: 'auth_signing_key',
            kid: key.kid,
            generation: key.generation,
            jwk: JSON.stringify(key.jwk),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
    );
  }
}

/** One replica per domain table and process, built on first use (a warm Lambda reuses it). */
export function signingKeyReplicaIn(tableName: () => string): () => DynamoSigningKeyReplica {
  let replica: DynamoSigningKeyReplica | undefined;
  return () => (replica ??= new DynamoSigningKeyReplica(tableName()));
}
