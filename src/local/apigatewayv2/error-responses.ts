/**
 * The answers API Gateway gives itself, without the integration: status and JSON body.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
 */
export interface GatewayError {
  readonly status: number;
  readonly message: string;
}

export const NOT_FOUND: GatewayError = { status: 404, message: 'Not Found' };
/** Function error, malformed function response, or no permission to invoke. */
export const INTERNAL_SERVER_ERROR: GatewayError = { status: 500, message: 'Internal Server Error' };
/** The integration did not answer within its timeout (30 s at most). */
export const SERVICE_UNAVAILABLE: GatewayError = { status: 503, message: 'Service Unavailable' };
/** Request body over the 10 MB payload quota. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const PAYLOAD_TOO_LARGE: GatewayError = { status: 413, message: 'Request Entity Too Large' };
/** Throttled by the stage or route limits. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html */
export const TOO_MANY_REQUESTS: GatewayError = { status: 429, message: 'Too Many Requests' };
