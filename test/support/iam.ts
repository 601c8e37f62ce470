import type { RouteDeclaration } from '#shared/declaration';
import { SERVICES } from '../../functions/services';
import { installEnforcement, runAsFunction, type LocalIam } from '../../local/iam/enforcement';
import { localIamOf } from '../../local/iam/local-policies';

let iam: LocalIam | undefined;

/**
 * This test file's IAM, as the local cloud has it (on the file's own tables), installed on first
 * use: a test that invokes a handler itself is held to the function's policy, as in the cloud.
 */
export function testIam(): LocalIam {
  if (iam) return iam;
  iam = localIamOf(SERVICES, {
    region: process.env.AWS_REGION ?? 'us-east-1',
    tablePrefix: process.env.ATES_TABLE_PREFIX ?? 'ates-',
    busName: process.env.EVENT_BUS_NAME ?? 'ates-test',
  });
  installEnforcement(iam);
  return iam;
}

/**
 * The deployed name of the function serving a route (`ates-auth-refresh`); undefined for a route
 * no service declares (a test's own route around a handler it builds), which deploys nothing.
 */
export function functionOfRoute(route: RouteDeclaration): string | undefined {
  for (const service of SERVICES) {
    for (const [name, declared] of Object.entries(service.routes)) {
      if (declared === route) return `ates-${service.domain}-${name}`;
    }
  }
  return undefined;
}

/** Runs `work` as the named function, under this file's IAM. */
export function asFunction<T>(name: string, work: () => T): T {
  testIam();
  return runAsFunction(name, work);
}
