import type { RouteDeclaration } from '../declaration';
import { routeHandler, type HttpRequest, type HttpResponse, type RequestSchemas } from './pipeline';

/**
 * `httpHandler` for a route anyone may call (sign-in, the JWKS): the same parsing, validation,
 * logging and error shape, and no token check, so the function's bundle carries no token
 * verifier it would never use. A route that asks for a caller is refused here when the handler
 * is built (at load, before any request), so this can never serve a protected route unchecked.
 */
export function publicHttpHandler<
  R extends RouteDeclaration & { readonly access: 'public' },
  Body = undefined,
  Query = undefined,
  Params = undefined,
>(
  route: R,
  schemas: RequestSchemas<Body, Query, Params>,
  useCase: (request: HttpRequest<Body, Query, Params, undefined>) => Promise<HttpResponse>,
) {
  if (route.access !== 'public') {
    throw new Error(
      `${route.method} ${route.path} is not public (access ${JSON.stringify(route.access)}): use httpHandler`,
    );
  }
  return routeHandler(route, schemas, useCase, async () => undefined);
}
