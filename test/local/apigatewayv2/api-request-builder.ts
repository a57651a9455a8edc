import { ApiRequest } from '../../../src/local/apigatewayv2/api-request';

/**
 * What `apiRequest()` fills in: a bodiless `GET /` with no headers, query string, path parameters
 * or stage variables, on the `$default` stage and route of a made-up API in AWS's example account,
 * from a documentation address (TEST-NET-1) at the epoch.
 */
export const API_REQUEST_DEFAULTS: ApiRequest = {
  requestId: 'request-id',
  apiId: 'api-id',
  accountId: '123456789012',
  stage: '$default',
  routeKey: '$default',
  method: 'GET',
  rawPath: '/',
  rawQueryString: '',
  headers: [],
  body: Buffer.alloc(0),
  sourceIp: '192.0.2.1',
  protocol: 'HTTP/1.1',
  domainName: 'api-id.execute-api.us-east-1.amazonaws.com',
  time: new Date(0),
  pathParameters: {},
  stageVariables: {},
};

/**
 * An `ApiRequest` as the offline API Gateway hands it on once stage and route are selected:
 * `API_REQUEST_DEFAULTS` with the given fields replaced. A test passes every field its
 * expectations depend on, so it reads without looking up the defaults.
 */
export function apiRequest(overrides: Partial<ApiRequest> = {}): ApiRequest {
  return { ...API_REQUEST_DEFAULTS, ...overrides };
}
