/**
 * The answers API Gateway gives itself, without the integration: status and JSON body.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
 */
export interface GatewayError {
  readonly status: number;
  readonly message: string;
}

export const NOT_FOUND: GatewayError = { status: 404, message: 'Not Found' };
/**
 * A request API Gateway cannot route: malformed HTTP, a method HTTP APIs do not have, a path
 * with `.`/`..` segments or invalid percent-encoding (unconfirmed: AWS documents none of these).
 */
export const BAD_REQUEST: GatewayError = { status: 400, message: 'Bad Request' };
/**
 * Request line and header values over 10,240 bytes. The quota is documented
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html), the status
 * and body are not (unconfirmed; 431 is what HTTP defines for it, RFC 6585).
 */
export const REQUEST_HEADER_FIELDS_TOO_LARGE: GatewayError = { status: 431, message: 'Request Header Fields Too Large' };
/**
 * Function error, malformed function response, no permission to invoke, or Lambda refusing the
 * invocation (throttling included): "If the Lambda API rejects the invocation request, API
 * Gateway returns a 500 error code." https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html
 */
export const INTERNAL_SERVER_ERROR: GatewayError = { status: 500, message: 'Internal Server Error' };
/** The integration did not answer within its timeout (30 s at most). */
export const SERVICE_UNAVAILABLE: GatewayError = { status: 503, message: 'Service Unavailable' };
/** Request body over the 10 MB payload quota. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const PAYLOAD_TOO_LARGE: GatewayError = { status: 413, message: 'Request Entity Too Large' };
/** Throttled by the stage or route limits. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html */
export const TOO_MANY_REQUESTS: GatewayError = { status: 429, message: 'Too Many Requests' };
/**
 * A route's authorizer found no identity (missing identity source, missing JWT) or an invalid
 * JWT. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 */
export const UNAUTHORIZED: GatewayError = { status: 401, message: 'Unauthorized' };
/**
 * A Lambda authorizer denied the request, or a JWT lacks the route's scopes (unconfirmed), or an
 * AWS_IAM route got no or a malformed signature (unconfirmed: REST APIs answer
 * "Missing Authentication Token"; what HTTP APIs answer is not documented).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
export const FORBIDDEN: GatewayError = { status: 403, message: 'Forbidden' };

/** What else an answer of API Gateway itself carries: headers, and values for the access log. */
export interface AnswerDetails {
  /** Extra response headers, e.g. `www-authenticate` of a JWT authorizer. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** `$context.error.responseType` */
  readonly responseType?: string;
  /** Access log variables (`authorizer.error`, ...) by name without `$context.`. */
  readonly logVariables?: Readonly<Record<string, string | number | undefined>>;
}

/** An answer API Gateway gives itself instead of the integration's. */
export class GatewayAnswer extends Error {
  /**
   * @param integrationError `$context.integrationErrorMessage`
   * @param integrationStatus `$context.integrationStatus`: the Lambda service's status code
   */
  constructor(
    readonly error: GatewayError,
    readonly integrationError?: string,
    readonly integrationStatus?: number,
    readonly details: AnswerDetails = {},
  ) {
    super(error.message);
  }
}
