import {
  ApiRequest, ApiResponse, MalformedResponseError, clfTime, parseAnswer, eventBody, headerPairs, queryParameters, responseBody, statusCode,
} from './api-request';

/**
 * Payload format 2.0: the event a function receives and how its answer becomes the response.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.proxy-format
 */

/** The 2.0 event; optional fields that would be empty are left out, as AWS does. */
export function eventV2(request: ApiRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      // Cookies move to their own field.
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c !== ''));
      continue;
    }
    // Header names lower-cased, repeated headers comma-joined.
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [name, values] of queryParameters(request.rawQueryString)) {
    query[name] = values.join(',');
  }
  const { body, isBase64Encoded } = eventBody(request);
  const domainPrefix = request.domainName.split('.')[0];
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: request.accountId,
      apiId: request.apiId,
      ...(request.authorization ? { authorizer: request.authorization.v2 } : {}),
      domainName: request.domainName,
      domainPrefix,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: request.routeKey,
      stage: request.stage,
      time: clfTime(request.time),
      timeEpoch: request.time.getTime(),
    },
    ...(body !== undefined ? { body } : {}),
    ...(Object.keys(request.pathParameters).length > 0 ? { pathParameters: request.pathParameters } : {}),
    isBase64Encoded,
    ...(Object.keys(request.stageVariables).length > 0 ? { stageVariables: request.stageVariables } : {}),
  };
}

/**
 * The response for a 2.0 function's answer. An answer without `statusCode` that is valid JSON
 * is inferred as 200 with the value as body: a string as is, anything else as its JSON.
 */
export function responseV2(payload: Buffer): ApiResponse {
  const answer = parseAnswer(payload);
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || !('statusCode' in answer)) {
    const body = typeof answer === 'string' ? answer : JSON.stringify(answer);
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf-8') };
  }
  const result = answer as Record<string, unknown>;
  const headers = headerPairs(result.headers);
  if (!headers.some(([name]) => name === 'content-type')) {
    // (unconfirmed) the content type API Gateway adds when the function gives none.
    headers.push(['content-type', 'application/json']);
  }
  // null is no cookies: aws-lambda-go's APIGatewayV2HTTPResponse answers `"cookies": null` when it has none.
  if (result.cookies !== undefined && result.cookies !== null) {
    if (!Array.isArray(result.cookies) || result.cookies.some((c) => typeof c !== 'string')) {
      throw new MalformedResponseError('cookies must be an array of strings');
    }
    // One set-cookie header per cookie.
    headers.push(...result.cookies.map((cookie): [string, string] => ['set-cookie', cookie]));
  }
  return { status: statusCode(result.statusCode), headers, body: responseBody(result.body, result.isBase64Encoded) };
}
