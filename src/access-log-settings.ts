import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Access logging of the API's `$default` stage: one line per request in CloudWatch Logs.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 */
export interface AccessLogSettings {
  /**
   * Whether the stage writes access logs.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The log group the lines go to.
   *
   * @default - a log group is created, keeping lines for the construct's `logRetention`
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * The line format, `$context` variables in a single line; it must include
   * `$context.requestId` or `$context.extendedRequestId`.
   *
   * @default - JSON: `defaultAccessLogFormat()` (request id, source IP, time, method, route key,
   * path, protocol, status, response length, latency, integration status, latency and error,
   * authorizer error, error message)
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
   */
  readonly format?: apigateway.AccessLogFormat;
}

/**
 * The JSON access log format used unless `AccessLogSettings.format` says otherwise.
 *
 * Every value is quoted, so a line is valid JSON even where API Gateway writes `-` for a missing value.
 */
export function defaultAccessLogFormat(): apigateway.AccessLogFormat {
  const fields: Record<string, string> = {
    requestId: '$context.requestId',
    sourceIp: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    errorMessage: '$context.error.message',
  };
  return apigateway.AccessLogFormat.custom(JSON.stringify(fields));
}
