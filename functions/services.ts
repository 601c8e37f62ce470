import { accountingService } from './accounting/service';
import { analyticsService } from './analytics/service';
import { authService } from './auth/service';
import type { ServiceDeclaration } from '#shared/declaration';
import { taskerService } from './tasker/service';

/** Every domain, for the builders in `infra/` and `local/` and for the tests that check them. */
export const SERVICES: readonly ServiceDeclaration[] = [
  authService,
  taskerService,
  accountingService,
  analyticsService,
];
