import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as ses from 'aws-cdk-lib/aws-ses';
import { DEFAULT_BUS } from '#shared/declaration';
import type { Construct } from 'constructs';
import { DomainService, type DomainServiceProps } from '../constructs/domain-service';
import { configurationSetName } from '../naming';

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
  /** What the domain's e-mails name: its bounces and complaints go to the default bus. */
  readonly configurationSet?: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: DomainStackProps) {
    super(scope, id, props);
    if (props.senderIdentity && props.senderEmail && props.declaration.mail) {
      // SES sends a verification link to this address on deploy; in the SES sandbox every
      // recipient must be verified too (docs/deploy.md).
      this.senderIdentity = new ses.EmailIdentity(this, 'Sender', {
        identity: ses.Identity.email(props.senderEmail),
      });
    }
    const feedback = props.declaration.mail?.feedback ?? [];
    if (this.senderIdentity && feedback.length > 0) {
      this.configurationSet = new ses.ConfigurationSet(this, 'Mail', {
        configurationSetName: configurationSetName(props.runtime.stage),
      });
      // SES publishes to the account's default bus only; a rule there sends these events on
      // to the consumer's queue (EventConsumer, the declaration's awsSubscriptions).
      this.configurationSet.addEventDestination('Feedback', {
        destination: ses.EventDestination.eventBus(
          events.EventBus.fromEventBusName(this, 'DefaultBus', DEFAULT_BUS),
        ),
        events: feedback.map((event) => ses.EmailSendingEvent[event]),
      });
    }
    this.service = new DomainService(this, 'Service', {
      ...props,
      configurationSetName: this.configurationSet?.configurationSetName,
    });
    new CfnOutput(this, 'TableName', {
      value: this.service.table.tableName,
      description: `${props.declaration.table.envVar} for scripts run against this stage`,
    });
  }
}
