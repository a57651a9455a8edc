import * as http from 'http';
import { formatAccessLog } from '../access-log';
import { ApiResponse, clfTime } from '../api-request';
import { GatewayContext } from '../gateway-context';
import { RequestRecord } from './request-record';
import { sourceIp } from './routed-request';

/**
 * Step 9, write the access log: one line in the stage's format, when the request selected a stage
 * with access logging; written as `[<log group>] <line>`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
export function writeAccessLog(
  context: Pick<GatewayContext, 'log' | 'accessLogSink'>, req: http.IncomingMessage, record: RequestRecord, response: ApiResponse,
): void {
  const { stage, started } = record;
  if (!stage?.accessLog) {
    return;
  }
  const logGroup = stage.accessLog.destinationArn.split(':log-group:')[1]?.replace(/:\*$/, '') ?? 'access-log';
  const line = formatAccessLog(stage.accessLog.format, {
    ...record.authorizerLog,
    'requestId': record.requestId,
    'extendedRequestId': record.requestId,
    'apiId': record.api.apiId,
    'accountId': record.api.location.accountId,
    'stage': stage.stageName,
    'routeKey': record.routeKey,
    'httpMethod': req.method,
    'path': req.url,
    'protocol': `HTTP/${req.httpVersion}`,
    'status': response.status,
    'responseLength': response.body.length,
    'responseLatency': Date.now() - started,
    'requestTime': clfTime(new Date(started)),
    'requestTimeEpoch': started,
    'identity.sourceIp': sourceIp(req),
    'identity.userAgent': req.headers['user-agent'],
    'integrationErrorMessage': record.integrationError,
    'integrationStatus': record.integrationStatus,
    'integrationLatency': record.integrationLatency,
    'error.message': record.gatewayError?.message,
    'error.responseType': record.responseType,
    'customDomain.basePathMatched': record.basePathMatched,
  });
  context.log(`[${logGroup}] ${line}`);
  context.accessLogSink?.(logGroup, accessLogStreamName(record.api.apiId, stage.stageName), line, started);
}

/**
 * The stream an API stage's access log lines go to: one per API and stage. (unconfirmed) AWS does
 * not document the stream names of HTTP API access logs; this is `<apiId>_<stage>`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 */
export function accessLogStreamName(apiId: string, stageName: string): string {
  return `${apiId}_${stageName}`;
}
