import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';
import type { SigningKeyStore } from '../domain/ports';
import type { SigningKey } from '../domain/signing-key';
import { signingKeyItem } from './items';
import { RECORD_TYPES, SIGNING_KEY_PK, signingKeySk } from './keys';

/**
 * Signing keys live in Auth's own table (encrypted at rest, readable only by Auth's functions).
 * JWKs are stored as JSON strings: they are opaque to DynamoDB and read back whole.
 */
export class DynamoSigningKeyStore implements SigningKeyStore {
  constructor(private readonly tableName: string) {}

  async all(): Promise<SigningKey[]> {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': SIGNING_KEY_PK },
        ConsistentRead: true,
      }),
    );
    return Items.map((raw) => {
      const item = signingKeyItem.parse(raw);
      return {
        generation: item.generation,
        kid: item.kid,
        publicJwk: JSON.parse(item.public_jwk),
        privateJwk: JSON.parse(item.private_jwk),
        status: item.status,
        created_at: item.created_at,
      };
    });
  }

  async insertIfAbsent(key: SigningKey): Promise<boolean> {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: SIGNING_KEY_PK,
            sk: signingKeySk(key.generation),
            record_type: RECORD_TYPES.signingKey,
            generation: key.generation,
            kid: key.kid,
            public_jwk: JSON.stringify(key.publicJwk),
            private_jwk: JSON.stringify(key.privateJwk),
            status: key.status,
            created_at: key.created_at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
