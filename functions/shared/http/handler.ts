import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Caller } from '../auth/caller';
import { isRevoked, type CurrentCallers } from '../auth/current-callers';
import type { PublishedKeys } from '../auth/published-keys';
import { TOKEN_REFUSED, verifyBearer } from '../auth/verify-token';
import type { Access, RouteDeclaration } from '../declaration';
import { logger } from '../logger';
import { forbidden, unauthorized } from './errors';
import {
  routeHandler,
  type CallerFor,
  type HttpRequest,
  type HttpResponse,
  type RequestSchemas,
} from './pipeline';

export type { HttpRequest, HttpResponse, RequestSchemas } from './pipeline';

/**
 * What a domain adds to every route of its own: `callers`, the domain's view of each user now
 * (its user replica; Auth's own user table), so a token whose user has since been deactivated
 * or given another role is refused as soon as the change has reached the domain; `signingKeys`,
 * the public signing keys the domain holds in its own table, so a token is verified without
 * fetching the JWKS through the public API (docs/operations.md, "Signing keys").
 */
export interface DomainHttpOptions {
  callers?: () => CurrentCallers;
  signingKeys?: () => PublishedKeys;
}

async function authorize(
  access: Access,
  event: APIGatewayProxyEventV2,
  options: DomainHttpOptions,
): Promise<Caller | undefined> {
  if (access === 'public') return undefined;
  const caller = await verifyBearer(event.headers.authorization, options.signingKeys?.());
  if (options.callers) {
    const state = await options.callers().callerState(caller.id);
    if (isRevoked(caller, state)) {
      logger.info('token refused', { reason: 'revoked', user_id: caller.id, state });
      throw unauthorized(TOKEN_REFUSED, 'token_revoked');
    }
  }
  if (access !== 'signed-in' && !access.includes(caller.role)) {
    throw forbidden(`this needs the role ${access.join(' or ')}; you are ${caller.role}`);
  }
  return caller;
}

/**
 * Wraps a route's use case: logging with a correlation id, token and role check from the
 * route's declaration (and, with `options.callers`, the check that the token was not revoked
 * since), JSON parsing and zod validation of body, query and path, one error shape.
 * A public route's handler should use `publicHttpHandler` instead, which is the same without
 * the token verifier in its bundle.
 */
export function httpHandler<
  R extends RouteDeclaration,
  Body = undefined,
  Query = undefined,
  Params = undefined,
>(
  route: R,
  schemas: RequestSchemas<Body, Query, Params>,
  useCase: (
    request: HttpRequest<Body, Query, Params, CallerFor<R['access']>>,
  ) => Promise<HttpResponse>,
  options: DomainHttpOptions = {},
) {
  return routeHandler(route, schemas, useCase, (event) => authorize(route.access, event, options));
}

/**
 * `httpHandler` with a domain's options bound, so a domain wires revocation once, in its
 * wiring.ts, and its handlers use the result in place of `httpHandler`:
 *
 *     export const taskerHttp = domainHttpHandler({ callers: () => taskerDeps().users });
 *
 * A domain's wiring marks that call pure (`@__PURE__`), so a bundle that imports the wiring but
 * none of its routes (a consumer, a schedule, a public route) leaves the token verifier out
 * (esbuild honours the mark only at the call, not on a function declared in another file).
 */
export const domainHttpHandler =
  (options: DomainHttpOptions) =>
  <R extends RouteDeclaration, Body = undefined, Query = undefined, Params = undefined>(
    route: R,
    schemas: RequestSchemas<Body, Query, Params>,
    useCase: (
      request: HttpRequest<Body, Query, Params, CallerFor<R['access']>>,
    ) => Promise<HttpResponse>,
  ) =>
    httpHandler(route, schemas, useCase, options);
