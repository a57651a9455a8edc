import { newTraceRoot } from '../../lambda/function-invoker';

/**
 * The request headers as the integration gets them: the client's, plus what API Gateway adds to
 * every request (AWS's example 2.0 event; https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
 * - `x-forwarded-for`: the client's value, if any, with the client's address appended;
 * - `x-forwarded-port: 443` and `x-forwarded-proto: https`: what clients reach AWS's endpoints
 *   on. Offline the server speaks plain HTTP on a local port; the values stay AWS's so a function
 *   behaves as it will there (a framework trusting them builds `https://` links);
 * - `x-amzn-trace-id: Root=1-<8 hex>-<24 hex>`, unless the client sent one (then it is kept);
 * - `content-length` of the body API Gateway read, when the client sent none (chunked bodies).
 * The client's own `x-forwarded-port` and `x-forwarded-proto` are replaced (unconfirmed).
 */
export function gatewayHeaders(
  clientHeaders: ReadonlyArray<readonly [string, string]>, sourceIp: string, bodyLength: number,
): Array<readonly [string, string]> {
  const replaced = new Set(['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);
  const kept = clientHeaders.filter(([name]) => !replaced.has(name.toLowerCase()));
  const forwardedFor = clientHeaders.filter(([name]) => name.toLowerCase() === 'x-forwarded-for').map(([, value]) => value);
  const has = (header: string) => clientHeaders.some(([name]) => name.toLowerCase() === header);
  return [
    ...kept,
    ...(has('content-length') ? [] : [['content-length', String(bodyLength)] as const]),
    ...(has('x-amzn-trace-id') ? [] : [['x-amzn-trace-id', `Root=${newTraceRoot()}`] as const]),
    ['x-forwarded-for', [...forwardedFor, sourceIp].join(', ')],
    ['x-forwarded-port', '443'],
    ['x-forwarded-proto', 'https'],
  ];
}

/** The request's trace header, which the function's invocation continues. */
export function traceHeaderOf(headers: ReadonlyArray<readonly [string, string]>): string | undefined {
  return headers.find(([name]) => name.toLowerCase() === 'x-amzn-trace-id')?.[1];
}
