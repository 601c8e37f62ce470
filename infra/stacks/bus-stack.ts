import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { ARCHIVE_RETENTION_DAYS } from '#shared/consumer/replay-window';
import { busName } from '../naming';
import { EventSchemas } from '../constructs/event-schemas';

export interface BusStackProps extends StackProps {
  readonly stage: string;
  /** The archive and the schema registry; off where they are not emulated (LocalStack variant). */
  readonly archiveAndSchemas?: boolean;
}

/**
 * The stage's one event bus, its archive (so past events can be replayed into a fixed or new
 * consumer) and the schema registry. It depends on nothing, so domains can come and go.
 * Who may put which `source` is enforced next to each publisher, in its domain's stack.
 * The archive keeps events as long as consumers keep their processed-event markers allow
 * (ARCHIVE_RETENTION_DAYS): a replay from it never applies an event twice.
 */
export class BusStack extends Stack {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: BusStackProps) {
    super(scope, id, props);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: busName(props.stage) });
    if (props.archiveAndSchemas !== false) {
      this.bus.archive('Archive', {
        description: 'Every aTES domain event, for replay',
        eventPattern: { source: events.Match.prefix('ates.') },
        retention: Duration.days(ARCHIVE_RETENTION_DAYS),
      });
      new EventSchemas(this, 'Schemas', { registryName: `ates-${props.stage}` });
    }
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
  }
}
