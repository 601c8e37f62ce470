import type { LocalCloud } from '../../local/cloud/local-cloud';
import type { CloudPorts } from '../../local/cloud/settings';

const portOf = (url: string | undefined) => (url ? Number(new URL(url).port) : undefined);

/** The ports a running cloud listens on, so the one started after it answers at the same URLs. */
export function portsOf(cloud: LocalCloud): Partial<CloudPorts> {
  const ports = {
    gateway: portOf(cloud.urls.gateway),
    bus: portOf(cloud.urls.eventBridge),
    ses: portOf(cloud.urls.sesInbox),
  };
  return Object.fromEntries(
    Object.entries(ports).filter(([, port]) => port),
  ) as Partial<CloudPorts>;
}

/**
 * A restart as the soak performs it: the cloud is stopped as a killed process would be (batches
 * in flight neither finish nor are acknowledged; what the queues hold stays in their files) and
 * a new one starts on the same data and ports. The data must outlive the cloud: a `dataDir`
 * and, for DynamoDB, either that directory or an engine of its own (`dynamoEndpoint`).
 */
export const restartOnSameData =
  (start: (ports: Partial<CloudPorts>) => Promise<LocalCloud>) => async (cloud: LocalCloud) => {
    if (cloud.inMemory) throw new Error('a cloud in memory cannot restart on the same data');
    const ports = portsOf(cloud);
    await cloud.stop({ hard: true });
    return start(ports);
  };
