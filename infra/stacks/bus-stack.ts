import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { busName } from '../naming';
import { EventSchemas } from '../constructs/event-schemas';

/**
 * The stage's one event bus, its archive (so past events can be replayed into a fixed or new
 * consumer) and the schema registry. It depends on nothing, so domains can come and go.
 * Who may put which `source` is enforced next to each publisher, in its domain's stack.
 */
export class BusStack extends Stack {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: StackProps & { readonly stage: string }) {
    super(scope, id, props);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: busName(props.stage) });
    this.bus.archive('Archive', {
      description: 'Every aTES domain event, for replay',
      eventPattern: { source: events.Match.prefix('ates.') },
      retention: Duration.days(365),
    });
    new EventSchemas(this, 'Schemas', { registryName: `ates-${props.stage}` });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
  }
}
