import { Token } from 'aws-cdk-lib';
import { AccessLogSettings } from '../access-log-settings';
import { ACCESS_LOG_FORMAT_MAX_BYTES } from '../aws-limits';

// The checks of `accessLog`.

export function validateAccessLog(accessLog: AccessLogSettings | undefined, format: { toString(): string }): void {
  if (accessLog?.enabled === false) {
    const given = [...(accessLog.logGroup ? ['logGroup'] : []), ...(accessLog.format ? ['format'] : [])];
    if (given.length > 0) {
      throw new Error(`accessLog: enabled is false, so ${given.join(' and ')} would be ignored; remove ${given.length > 1 ? 'them' : 'it'} or turn access logs on`);
    }
    return;
  }
  const text = format.toString();
  if (Token.isUnresolved(text)) {
    return;
  }
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
  if (!/\$context\.(requestId|extendedRequestId)\b/.test(text)) {
    throw new Error(`accessLog.format ${JSON.stringify(text.slice(0, 80))}: must include $context.requestId or $context.extendedRequestId`);
  }
  if (Buffer.byteLength(text) > ACCESS_LOG_FORMAT_MAX_BYTES) {
    throw new Error(`accessLog.format: ${Buffer.byteLength(text)} bytes; API Gateway accepts at most ${ACCESS_LOG_FORMAT_MAX_BYTES}`);
  }
  if (/[\r\n]/.test(text)) {
    throw new Error('accessLog.format: must be a single line (no line breaks)');
  }
}
