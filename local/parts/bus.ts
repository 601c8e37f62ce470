import type { ServiceDeclaration } from '#shared/declaration';
import { LocalBus, rulesOf, type BusTarget } from '../bus';
import { startEventBridgeServer } from '../eventbridge-server';
import type { RunningServer } from '../http-io';
import type { StopStack } from './stop-stack';

/** The bus with every declared rule, and the EventBridge endpoint the relays' SDK talks to. */
export function createBus(
  services: readonly ServiceDeclaration[],
  targets: ReadonlyMap<string, BusTarget>,
  deliveryCopies: number,
) {
  const bus = new LocalBus(rulesOf(services), targets);
  bus.deliveryCopies = deliveryCopies;
  return bus;
}

export function startBusServer(
  options: { port: number; region: string; busName: string; bus: LocalBus },
  stack: StopStack,
): Promise<RunningServer> {
  const { bus, ...server } = options;
  return stack.started(
    startEventBridgeServer({ ...server, publish: (event) => bus.publish(event) }),
    (running) => running.close(),
  );
}
