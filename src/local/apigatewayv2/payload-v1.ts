import {
  ApiRequest, ApiResponse, MalformedResponseError, clfTime, parseAnswer, eventBody, headerPairs, queryParameters, responseBody, statusCode,
} from './api-request';

/**
 * Payload format 1.0 (the REST API proxy format): the event and the answer a function must give.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.proxy-format
 */

/** The 1.0 event; empty maps are `null`, as AWS sends them. */
export function eventV1(request: ApiRequest, routePath: string): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const query = queryParameters(request.rawQueryString);
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, values] of query) {
    single[name] = values[values.length - 1];
    multi[name] = values;
  }
  const { body, isBase64Encoded } = eventBody(request);
  const orNull = <T extends object>(map: T): T | null => (Object.keys(map).length > 0 ? map : null);
  const userAgent = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? '';
  return {
    version: '1.0',
    resource: routePath,
    path: request.rawPath,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: orNull(single),
    multiValueQueryStringParameters: orNull(multi),
    requestContext: {
      accountId: request.accountId,
      apiId: request.apiId,
      ...(request.authorization?.v1 ? { authorizer: request.authorization.v1 } : {}),
      domainName: request.domainName,
      domainPrefix: request.domainName.split('.')[0],
      extendedRequestId: request.requestId,
      httpMethod: request.method,
      identity: { ...request.authorization?.v1Identity, sourceIp: request.sourceIp, userAgent },
      path: request.rawPath,
      protocol: request.protocol,
      requestId: request.requestId,
      requestTime: clfTime(request.time),
      requestTimeEpoch: request.time.getTime(),
      resourceId: request.routeKey,
      resourcePath: routePath,
      stage: request.stage,
    },
    pathParameters: orNull(request.pathParameters),
    stageVariables: orNull(request.stageVariables),
    body: body ?? null,
    isBase64Encoded,
  };
}

/** The response for a 1.0 answer, which must be `{statusCode, headers, multiValueHeaders, body, isBase64Encoded}`. */
export function responseV1(payload: Buffer): ApiResponse {
  const answer = parseAnswer(payload);
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || !('statusCode' in answer)) {
    throw new MalformedResponseError('payload format 1.0 needs an object with statusCode');
  }
  const result = answer as Record<string, unknown>;
  const headers = headerPairs(result.headers);
  const multi = result.multiValueHeaders;
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== 'object' || Array.isArray(multi)) {
      throw new MalformedResponseError('multiValueHeaders must be an object');
    }
    for (const [name, values] of Object.entries(multi as Record<string, unknown>)) {
      if (!Array.isArray(values)) {
        throw new MalformedResponseError(`multiValueHeaders.${name} must be an array`);
      }
      headers.push(...values.map((v): [string, string] => [name.toLowerCase(), String(v)]));
    }
  }
  return { status: statusCode(result.statusCode), headers, body: responseBody(result.body, result.isBase64Encoded) };
}
