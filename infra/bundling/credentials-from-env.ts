import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in Lambda bundles (an esbuild alias in
 * `infra/constructs/bundling.ts`). Lambda hands every function its role's credentials in the
 * environment, so the default chain's STS, SSO, INI and process providers (about 90 KB of every
 * bundle) are never used there. The SDK clients import only `defaultProvider` from that package.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
