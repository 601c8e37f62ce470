import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
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
 * It has no built dashboards, as on a fresh clone, whether or not `web/dist/` exists (the
 * browser test builds it during a run): the CDK CLI test synthesizes the stage with them.
 *
 * The specs themselves are `infra/specs/*.spec.ts`, test bodies that take the synthesized stage;
 * this file runs them all. One of them: `npx vitest run infra/infra.test.ts -t 'the bus stack'`.
 */
const noDashboards = mkdtempSync(join(tmpdir(), 'ates-no-dashboards-'));
afterAll(() => rmSync(noDashboards, { recursive: true, force: true }));
const ates = synthAtes({ dashboards: noDashboards });

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
