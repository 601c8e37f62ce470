import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as events from 'aws-cdk-lib/aws-events';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { ServiceDeclaration } from '../../functions/shared/declaration';
import { DomainService, type RuntimeSettings } from '../constructs/domain-service';

export interface DomainStackProps extends StackProps {
  readonly declaration: ServiceDeclaration;
  readonly bus: events.IEventBus;
  readonly api: apigwv2.IHttpApi;
  readonly runtime: RuntimeSettings;
  readonly cronOverrides?: Readonly<Record<string, string>>;
  readonly retainData: boolean;
  /** Set for the one domain that e-mails people: its SES identity lives with it. */
  readonly senderEmail?: string;
  readonly placeholderIfMissing?: boolean;
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
