import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { RouteDeclaration } from '#shared/declaration';
import { lambdaContext } from '../../local/lambda/lambda-context';
import { asFunction, functionOfRoute } from './iam';

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  params?: Record<string, string>;
  /**
   * Invoke with Lambda's deadline: a context whose `getRemainingTimeInMillis` counts down from
   * this many seconds, as the function's timeout does in the cloud. Without it, no deadline.
   */
  timeoutSeconds?: number;
}

/** The API Gateway HTTP API v2 event the gateway would send for one request to a route. */
export function httpEvent(
  route: RouteDeclaration,
  options: CallOptions = {},
): APIGatewayProxyEventV2 {
  const path = route.path.replace(
    /\{(\w+)\}/g,
    (_, name: string) => options.params?.[name] ?? name,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    queryStringParameters: options.query,
    pathParameters: options.params,
    body:
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: crypto.randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Invokes a route's handler as Lambda would, as the route's function (its AWS calls are held to
 * that function's IAM policy, test/support/iam.ts), and returns status and parsed JSON body.
 */
export async function callRoute(
  handler: Handler,
  route: RouteDeclaration,
  options: CallOptions = {},
) {
  const name = functionOfRoute(route);
  const invoke = () =>
    handler(
      httpEvent(route, options),
      options.timeoutSeconds === undefined
        ? ({ functionName: name ?? 'test', awsRequestId: crypto.randomUUID() } as Context)
        : lambdaContext(name ?? 'test', options.timeoutSeconds),
    );
  const result = await (name ? asFunction(name, invoke) : invoke());
  return {
    status: result.statusCode ?? 200,
    body: result.body ? JSON.parse(result.body) : undefined,
    headers: result.headers ?? {},
  };
}
