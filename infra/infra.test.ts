import { busSpecs } from './specs/bus.spec';
import { deliveryGuaranteeSpecs } from './specs/delivery-guarantees.spec';
import { deliverySpecs } from './specs/delivery.spec';
import { leastPrivilegeSpecs } from './specs/least-privilege.spec';
import { localParitySpecs, localPolicyParitySpecs } from './specs/local-parity.spec';
import { nagSpecs } from './specs/nag.spec';
import { observabilitySpecs, tracingSpecs } from './specs/observability.spec';
import { routeSpecs } from './specs/routes.spec';
import { scheduleSpecs } from './specs/schedules.spec';
import { tableSpecs } from './specs/tables.spec';
import { webHeaderSpecs } from './specs/web-headers.spec';
import { synthAtes } from './test-support/synth';

/**
 * The stage as `cdk.json` and the declarations describe it, synthesized once: loading
 * aws-cdk-lib and synthesizing cost seconds per test file, the checks themselves milliseconds.
 *
 * The specs themselves are `infra/specs/*.spec.ts`, test bodies that take the synthesized stage;
 * this file runs them all. One of them: `npx vitest run infra/infra.test.ts -t 'the bus stack'`.
 */
const ates = synthAtes();

routeSpecs(ates);
deliverySpecs(ates);
deliveryGuaranteeSpecs(ates);
tableSpecs(ates);
leastPrivilegeSpecs(ates);
busSpecs(ates);
nagSpecs(ates);
localParitySpecs(ates);
webHeaderSpecs(ates);
localPolicyParitySpecs(ates);
observabilitySpecs(ates);
tracingSpecs(ates);
scheduleSpecs(ates);
