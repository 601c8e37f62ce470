import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { signingKeyPublishedV1 } from '#events/auth/auth.signing_key.published.v1';
import { commit, ConditionsFailed, documentClient, guarded } from '#shared/dynamo';
import { outboxPut } from '#shared/outbox/outbox';
import type { SigningKeyStore } from '../domain/ports';
import { keyPublishedEventOf, type PublicKey, type SigningKey } from '../domain/signing-key';
import { publicKeyItem, signingKeyItem } from './items';
import { PUBLIC_KEY_PK, RECORD_TYPES, SIGNING_KEY_PK, signingKeySk } from './keys';

/**
 * Signing keys live in Auth's own table (encrypted at rest). Each generation is two items: the
 * pair, in a partition only the functions that sign may read (IAM denies the others by
 * `dynamodb:LeadingKeys`), and its public half, which the JWKS function publishes without ever
 * reading a private key. JWKs are stored as JSON strings: opaque to DynamoDB, read back whole.
 * The same transaction writes the `auth.signing_key.published` event to the outbox, so every
 * domain's key replica hears of a key exactly when it exists (docs/operations.md, "Signing keys").
 */
export class DynamoSigningKeyStore implements SigningKeyStore {
  constructor(private readonly tableName: string) {}

  async all(): Promise<SigningKey[]> {
    return (await this.partition(SIGNING_KEY_PK)).map((raw) => {
      const item = signingKeyItem.parse(raw);
      return {
        ...this.publicOf(item),
        privateJwk: JSON.parse(item.private_jwk),
      };
    });
  }

  async publicKeys(): Promise<PublicKey[]> {
    return (await this.partition(PUBLIC_KEY_PK)).map((raw) =>
      this.publicOf(publicKeyItem.parse(raw)),
    );
  }

  async insertIfAbsent(key: SigningKey): Promise<boolean> {
    const common = {
      record_type: RECORD_TYPES.signingKey,
      generation: key.generation,
      kid: key.kid,
      public_jwk: JSON.stringify(key.publicJwk),
      status: key.status,
      created_at: key.created_at,
    };
    const put = (pk: string, extra: Record<string, string> = {}) =>
      guarded('generation_is_new', {
        Put: {
          TableName: this.tableName,
          Item: { pk, sk: signingKeySk(key.generation), ...common, ...extra },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    try {
      await commit([
        put(SIGNING_KEY_PK, { private_jwk: JSON.stringify(key.privateJwk) }),
        put(PUBLIC_KEY_PK),
        outboxPut(this.tableName, signingKeyPublishedV1, keyPublishedEventOf(key), {
          correlationId: `signing-key-${key.kid}`,
          now: new Date(key.created_at),
        }),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConditionsFailed) return false;
      throw error;
    }
  }

  async retire(key: PublicKey): Promise<boolean> {
    const retire = (pk: string) =>
      guarded('key_is_active', {
        Update: {
          TableName: this.tableName,
          Key: { pk, sk: signingKeySk(key.generation) },
          UpdateExpression: 'SET #status = :retired',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':retired': 'retired', ':active': 'active' },
        },
      });
    const retired: PublicKey = { ...key, status: 'retired' };
    try {
      await commit([
        retire(SIGNING_KEY_PK),
        retire(PUBLIC_KEY_PK),
        outboxPut(this.tableName, signingKeyPublishedV1, keyPublishedEventOf(retired), {
          correlationId: `signing-key-${key.kid}`,
        }),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConditionsFailed) return false;
      throw error;
    }
  }

  private async partition(pk: string) {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    return Items;
  }

  private publicOf(item: {
    generation: number;
    kid: string;
    public_jwk: string;
    status: 'active' | 'retired';
    created_at: string;
  }): PublicKey {
    return {
      generation: item.generation,
      kid: item.kid,
      publicJwk: JSON.parse(item.public_jwk),
      status: item.status,
      created_at: item.created_at,
    };
  }
}
