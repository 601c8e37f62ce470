import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { DomainService, type DomainServiceProps } from '../constructs/domain-service';

/** The domain's own settings, plus the sender address that becomes its SES identity here. */
export interface DomainStackProps extends StackProps, Omit<DomainServiceProps, 'mail'> {
  /** Set for the one domain that e-mails people: its SES identity lives with it. */
  readonly senderEmail?: string;
}

/** One domain per stack, so a domain deploys (and fails) on its own. */
export class DomainStack extends Stack {
  readonly service: DomainService;

  constructor(scope: Construct, id: string, props: DomainStackProps) {
    super(scope, id, props);
    const mail = props.senderEmail
      ? {
          senderEmail: props.senderEmail,
          // SES sends a verification link to this address on deploy; in the SES sandbox every
          // recipient must be verified too (docs/deploy.md).
          identity: new ses.EmailIdentity(this, 'Sender', {
            identity: ses.Identity.email(props.senderEmail),
          }),
        }
      : undefined;
    this.service = new DomainService(this, 'Service', { ...props, mail });
    new CfnOutput(this, 'TableName', {
      value: this.service.table.tableName,
      description: `${props.declaration.table.envVar} for scripts run against this stage`,
    });
  }
}
