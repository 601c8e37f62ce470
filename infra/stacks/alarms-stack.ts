import { Aspects, CfnOutput, Stack, type IAspect, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct, IConstruct } from 'constructs';

export interface AlarmsStackProps extends StackProps {
  readonly stage: string;
  /** Subscribed by e-mail (AWS sends a confirmation link first); none: nobody hears yet. */
  readonly alarmEmail?: string;
}

/**
 * The stage's one alarm topic: every alarm of every stack notifies it (AlarmsNotify below), so
 * an alarm that fires reaches whoever subscribed. Encrypted with a key of its own, because
 * CloudWatch cannot publish to a topic under the AWS-managed SNS key; the key lets CloudWatch
 * of this account, and nobody else, use it.
 */
export class AlarmsStack extends Stack {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'TopicKey', {
      description: `Encrypts the alarm notices of aTES stage ${props.stage}`,
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `ates-${props.stage}-alarms`,
      displayName: `aTES ${props.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}

/**
 * Puts the topic on every CloudWatch alarm of the app, as its alarm and its OK action, so a
 * new alarm cannot be added without notifying anyone, and the person hears when it recovers.
 */
export class AlarmsNotify implements IAspect {
  private readonly action: SnsAction;

  constructor(topic: sns.ITopic) {
    this.action = new SnsAction(topic);
  }

  visit(node: IConstruct) {
    if (node instanceof cloudwatch.Alarm) {
      node.addAlarmAction(this.action);
      node.addOkAction(this.action);
    }
  }

  static on(scope: IConstruct, topic: sns.ITopic) {
    Aspects.of(scope).add(new AlarmsNotify(topic));
  }
}
