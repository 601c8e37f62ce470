import type { ServiceDeclaration } from '#shared/declaration';
import { LocalBus, rulesOf, type BusTarget } from './local-bus';
import { startEventBridgeServer } from './eventbridge-server';
import type { Faults } from '../faults/faults';
import type { RunningServer } from '../cloud/http-io';
import type { StopStack } from '../cloud/stop-stack';

/** The bus with every declared rule, and the EventBridge endpoint the relays' SDK talks to. */
export function createBus(
  services: readonly ServiceDeclaration[],
  targets: ReadonlyMap<string, BusTarget>,
  deliveryCopies: number,
  faults?: Faults,
) {
  const bus = new LocalBus(rulesOf(services), targets, faults);
  bus.deliveryCopies = deliveryCopies;
  return bus;
}

export function startBusServer(
  options: { port: number; region: string; busName: string; bus: LocalBus; faults?: Faults },
  stack: StopStack,
): Promise<RunningServer> {
  const { bus, faults, ...server } = options;
  return stack.started(
    startEventBridgeServer({ ...server, faults, publish: (event) => bus.publish(event) }),
    (running) => running.close(),
  );
}
