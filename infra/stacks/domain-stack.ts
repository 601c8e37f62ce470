import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { DomainService, type DomainServiceProps } from '../constructs/domain-service';

export interface DomainStackProps extends StackProps, DomainServiceProps {
  /**
   * Deploy `senderEmail` as an SES e-mail identity here (the domain that declares mail owns it).
   * Off where SES identities are not deployed by CloudFormation (the LocalStack variant).
   */
  readonly senderIdentity?: boolean;
}

/** One domain per stack, so a domain deploys (and fails) on its own. */
export class DomainStack extends Stack {
  readonly service: DomainService;
  readonly senderIdentity?: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: DomainStackProps) {
    super(scope, id, props);
    if (props.senderIdentity && props.senderEmail && props.declaration.mail) {
      // SES sends a verification link to this address on deploy; in the SES sandbox every
      // recipient must be verified too (docs/deploy.md).
      this.senderIdentity = new ses.EmailIdentity(this, 'Sender', {
        identity: ses.Identity.email(props.senderEmail),
      });
    }
    this.service = new DomainService(this, 'Service', props);
    new CfnOutput(this, 'TableName', {
      value: this.service.table.tableName,
      description: `${props.declaration.table.envVar} for scripts run against this stage`,
    });
  }
}
