import { assertPortFree, freePort } from './free-port';
import type { CloudPorts } from './settings';

const NAMES: Record<keyof CloudPorts, string> = {
  gateway: 'gateway, ATES_GATEWAY_PORT',
  dynamodb: 'DynamoDB Local, ATES_DYNAMODB_PORT',
  bus: 'local EventBridge, ATES_BUS_PORT',
  ses: 'SES, ATES_SES_PORT',
};

/** Fixed ports are checked first, so a taken one fails fast with what to do about it. */
export async function choosePorts(
  requested: Partial<CloudPorts>,
  needed: { dynamodb: boolean; ses: boolean },
): Promise<CloudPorts> {
  const chosen = {} as CloudPorts;
  for (const key of Object.keys(NAMES) as Array<keyof CloudPorts>) {
    const port = requested[key] ?? 0;
    const used = key === 'dynamodb' ? needed.dynamodb : key === 'ses' ? needed.ses : true;
    if (used && port !== 0) await assertPortFree(port, NAMES[key]);
    // The gateway, bus and SES bind port 0 themselves; Java needs a number up front.
    chosen[key] = port === 0 && key === 'dynamodb' && used ? await freePort() : port;
  }
  return chosen;
}
