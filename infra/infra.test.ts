import { busSpecs } from './specs/bus';
import { deliveryGuaranteeSpecs } from './specs/delivery-guarantees';
import { deliverySpecs } from './specs/delivery';
import { leastPrivilegeSpecs } from './specs/least-privilege';
import { localParitySpecs, localPolicyParitySpecs } from './specs/local-parity';
import { nagSpecs } from './specs/nag';
import { routeSpecs } from './specs/routes';
import { tableSpecs } from './specs/tables';
import { webHeaderSpecs } from './specs/web-headers';
import { synthAtes } from './test-support/synth';

/**
 * The stage as `cdk.json` and the declarations describe it, synthesized once: loading
 * aws-cdk-lib and synthesizing cost seconds per test file, the checks themselves milliseconds.
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
