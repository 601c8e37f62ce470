import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableDeclaration } from '#shared/declaration';

/**
 * A domain's table exactly as its declaration (and `local/dynamodb/tables.ts`) shapes it: string pk/sk,
 * `<index>pk`/`<index>sk` GSIs with the attributes each declares, a NEW_IMAGE stream for the outbox relay and
 * TTL on `expires_at` so relayed outbox rows and idempotency markers expire on their own.
 */
export class DomainTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly declaration: TableDeclaration; readonly retainData: boolean },
  ) {
    super(scope, id);
    const { declaration } = props;
    const stringKey = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: stringKey(declaration.partitionKey),
      sortKey: stringKey(declaration.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: declaration.ttlAttribute,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const { name, projection } of declaration.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: stringKey(`${name}pk`),
        sortKey: stringKey(`${name}sk`),
        ...(projection === 'ALL'
          ? { projectionType: dynamodb.ProjectionType.ALL }
          : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...projection] }),
      });
    }
  }
}
