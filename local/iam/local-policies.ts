import type { ServiceDeclaration } from '#shared/declaration';
import { senderEmail } from '../../functions/accounting/sender';
import { functionPoliciesOf } from '../../infra/function-policies';
import { tableNameOf } from '../dynamodb/tables';
import { LocalIam } from './enforcement';
import { localConfigurationSets } from '../ses/local-configuration-sets';

/** The account every local ARN names (a deployed stage names its own). */
export const LOCAL_ACCOUNT = '000000000000';

/** A domain's event queue, as its consumer's events name it and its policy grants it. */
export const localQueueArnOf = (region: string, domain: string) =>
  `arn:aws:sqs:${region}:${LOCAL_ACCOUNT}:ates-${domain}-events`;

export interface LocalIamSettings {
  region: string;
  tablePrefix: string;
  busName: string;
}

/**
 * The local cloud's IAM: every function of every domain with the statements
 * infra/function-policies.ts declares for it (the ones CDK synthesizes), on the local ARNs.
 */
export function localIamOf(
  services: readonly ServiceDeclaration[],
  { region, tablePrefix, busName }: LocalIamSettings,
): LocalIam {
  const tables = new Map(services.map((s) => [tableNameOf(tablePrefix, s), s.table]));
  const iam = new LocalIam({
    region,
    account: LOCAL_ACCOUNT,
    partitionKeyOf: (table, index) => {
      const declaration = tables.get(table);
      if (!declaration) return undefined;
      return index ? `${index}pk` : declaration.partitionKey;
    },
  });
  const [configurationSet] = localConfigurationSets(services);
  for (const service of services) {
    const policies = functionPoliciesOf(service, {
      tableArn: `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT}:table/${tableNameOf(tablePrefix, service)}`,
      busArn: `arn:aws:events:${region}:${LOCAL_ACCOUNT}:event-bus/${busName}`,
      sesIdentitiesArn: `arn:aws:ses:${region}:${LOCAL_ACCOUNT}:identity/*`,
      senderEmail: senderEmail(),
      sesConfigurationSetArn:
        configurationSet &&
        `arn:aws:ses:${region}:${LOCAL_ACCOUNT}:configuration-set/${configurationSet.name}`,
      queueArn: localQueueArnOf(region, service.domain),
    });
    for (const [name, statements] of policies) {
      iam.setPolicy(`ates-${service.domain}-${name}`, statements);
    }
  }
  return iam;
}
