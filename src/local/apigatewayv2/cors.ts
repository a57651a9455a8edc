import * as http from 'http';
import { ApiResponse } from './api-request';

/**
 * CORS of an HTTP API: API Gateway answers preflight OPTIONS requests itself, even without an
 * OPTIONS route, adds the configured headers to the integration's responses, and ignores CORS
 * headers the integration returns. Both need an `origin` header on the request; a preflight also
 * `access-control-request-method`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 */
export interface CorsConfiguration {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge?: number;
  readonly allowCredentials: boolean;
}

/** The `CorsConfiguration` property of an `AWS::ApiGatewayV2::Api`, or `undefined` when none. */
export function corsConfiguration(property: Record<string, unknown> | undefined): CorsConfiguration | undefined {
  if (!property) {
    return undefined;
  }
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  return {
    allowOrigins: list(property.AllowOrigins),
    allowMethods: list(property.AllowMethods),
    allowHeaders: list(property.AllowHeaders),
    exposeHeaders: list(property.ExposeHeaders),
    maxAge: property.MaxAge === undefined ? undefined : Number(property.MaxAge),
    allowCredentials: property.AllowCredentials === true || property.AllowCredentials === 'true',
  };
}

export function isPreflight(req: http.IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
}

/** The `Access-Control-Allow-Origin` value for a request's origin, or `undefined` when it is not allowed. */
function allowedOrigin(cors: CorsConfiguration, origin: string): string | undefined {
  if (cors.allowOrigins.includes(origin)) {
    return origin;
  }
  return cors.allowOrigins.includes('*') ? '*' : undefined;
}

/** API Gateway's own answer to a preflight request (204, unconfirmed); no CORS headers for an origin it does not allow. */
export function preflightResponse(cors: CorsConfiguration, origin: string): ApiResponse {
  const headers: Array<[string, string]> = [];
  const allowOrigin = allowedOrigin(cors, origin);
  if (allowOrigin) {
    headers.push(['access-control-allow-origin', allowOrigin]);
    if (cors.allowMethods.length > 0) headers.push(['access-control-allow-methods', cors.allowMethods.join(',')]);
    if (cors.allowHeaders.length > 0) headers.push(['access-control-allow-headers', cors.allowHeaders.join(',')]);
    if (cors.maxAge !== undefined) headers.push(['access-control-max-age', String(cors.maxAge)]);
    if (cors.allowCredentials) headers.push(['access-control-allow-credentials', 'true']);
  }
  return { status: 204, headers, body: Buffer.alloc(0) };
}

/** A response with the integration's CORS headers replaced by the configured ones. */
export function withCorsHeaders(cors: CorsConfiguration, origin: string, response: ApiResponse): ApiResponse {
  const headers = response.headers.filter(([name]) => !name.toLowerCase().startsWith('access-control-'));
  const allowOrigin = allowedOrigin(cors, origin);
  if (allowOrigin) {
    headers.push(['access-control-allow-origin', allowOrigin]);
    if (cors.exposeHeaders.length > 0) headers.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
    if (cors.allowCredentials) headers.push(['access-control-allow-credentials', 'true']);
  }
  return { ...response, headers };
}
