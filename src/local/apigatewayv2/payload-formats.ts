import { ApiRequest, ApiResponse } from './api-request';
import { eventV1, responseV1 } from './payload-v1';
import { eventV2, responseV2 } from './payload-v2';

/** The payload format versions of Lambda proxy integrations and Lambda authorizers. */
export type PayloadFormatVersion = '1.0' | '2.0';

/** One payload format: the event a function receives and how its answer becomes the HTTP response. */
export interface PayloadFormat {
  /** The integration event for a routed request. */
  event(request: ApiRequest): Record<string, unknown>;
  /** The HTTP response built from the function's answer; throws MalformedResponseError when none can be. */
  response(payload: Buffer): ApiResponse;
}

/**
 * Every payload format by version; adding a format (or a field of one) starts here.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.proxy-format
 */
export const PAYLOAD_FORMATS: Readonly<Record<PayloadFormatVersion, PayloadFormat>> = {
  '1.0': { event: (request) => eventV1(request, routePath(request.routeKey)), response: responseV1 },
  '2.0': { event: eventV2, response: responseV2 },
};

/** Whether a `PayloadFormatVersion` property names a format the offline cloud has. */
export function isPayloadFormatVersion(value: unknown): value is PayloadFormatVersion {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PAYLOAD_FORMATS, value);
}

/** The route's path as payload 1.0's `resource` carries it: `/items/{id}`, or `$default`. */
export function routePath(routeKey: string): string {
  return routeKey === '$default' ? '$default' : routeKey.split(' ')[1];
}
