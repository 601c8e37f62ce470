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

/** The guard of a key's write: a retired key never becomes active again. */
export const KEY_IS_NOT_RETIRED = 'signing_key_is_not_retired';

type ReplicaStatus = 'active' | 'retired';

export class DynamoSigningKeyReplica implements PublishedKeys {
  constructor(private readonly tableName: string) {}

  /** The keys that may verify a token: every active one the domain has heard of. */
  async publishedJwks(): Promise<PublishedJwk[]> {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': REPLICA_PK },
      }),
    );
    return Items.filter((item) => item.status === 'active').map((item) =>
      publicSigningJwk.parse(JSON.parse(String(item.jwk))),
    );
  }

  async statusOf(kid: string): Promise<ReplicaStatus | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: replicaKey(kid), ConsistentRead: true }),
    );
    return Item?.status as ReplicaStatus | undefined;
  }

  /**
   * Records a key the replica has not held, or its retirement. The condition keeps a retired
   * key retired against a concurrent late `active` copy (that race is retried and then skipped).
   */
  saved(
    changes: Changes,
    key: { kid: string; generation: number; jwk: PublishedJwk; status: ReplicaStatus },
  ): void {
    changes.write(
      guarded(KEY_IS_NOT_RETIRED, {
        Put: {
          TableName: this.tableName,
          Item: {
            ...replicaKey(key.kid),
            record_type: 'auth_signing_key',
            kid: key.kid,
            generation: key.generation,
            jwk: JSON.stringify(key.jwk),
            status: key.status,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
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
