import {
  ApiRequest, ApiResponse, MalformedResponseError, clfTime, parseAnswer, eventBody, headerPairs, queryParameters, responseBody, statusCode,
} from './api-request';

/**
 * Payload format 1.0 (the REST API proxy format): the event and the answer a function must give.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.proxy-format
 */

/**
 * `requestContext.identity` of a 1.0 event without IAM authorization: every caller field null, as
 * in AWS's 1.0 example (page above). `cognitoAmr` is not in the example but in 1.0 events
 * captured from HTTP APIs (observed: the v1 event in
 * https://github.com/mantil-io/go-lambda-examples/blob/f9be1ba345b018c5a57160d950d1128cc9a5790e/pt2/README.md).
 */
const NO_IDENTITY: Readonly<Record<string, null>> = {
  accessKey: null,
  accountId: null,
  caller: null,
  cognitoAmr: null,
  cognitoAuthenticationProvider: null,
  cognitoAuthenticationType: null,
  cognitoIdentityId: null,
  cognitoIdentityPoolId: null,
  principalOrgId: null,
  user: null,
  userArn: null,
};

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
    // A repeated parameter's first value, as AWS's 1.0 example event of an HTTP API shows it
    // (`parameter1=value1&parameter1=value2` gives `"parameter1": "value1"`), while a repeated
    // header's last one. REST APIs give the last value of both (observed:
    // https://github.com/floci-io/floci/pull/3548); for HTTP APIs beyond the example (unconfirmed).
    single[name] = values[0];
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
      identity: { ...NO_IDENTITY, ...request.authorization?.v1Identity, sourceIp: request.sourceIp, userAgent },
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
