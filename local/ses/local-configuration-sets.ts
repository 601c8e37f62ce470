import type { ServiceDeclaration } from '#shared/declaration';
import { configurationSetName } from '../../infra/naming';
import type { LocalConfigurationSet } from './ses-feedback';

/** The stage name the local cloud's resources carry (the functions' `ATES_STAGE`). */
export const LOCAL_STAGE = 'local';

/**
 * The configuration sets infra deploys (infra/stacks/domain-stack.ts), as the local SES account
 * has them: one for the domain that declares mail feedback, by the same name, publishing the
 * same events.
 */
export function localConfigurationSets(
  services: readonly ServiceDeclaration[],
): LocalConfigurationSet[] {
  return services.flatMap((service) =>
    service.mail?.feedback?.length
      ? [{ name: configurationSetName(LOCAL_STAGE), events: service.mail.feedback }]
      : [],
  );
}
