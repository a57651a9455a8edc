import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

// The log groups the construct creates (the function's and the access log's), kept for `logRetention`.

export function validateLogRetention(logRetention: logs.RetentionDays): void {
  if (!Object.values(logs.RetentionDays).includes(logRetention)) {
    throw new Error(`logRetention ${logRetention}: must be one of logs.RetentionDays (1, 3, 5, 7, 14, 30, ... days, or INFINITE)`);
  }
}

/** The log group given, or one created as `id` keeping lines for `logRetention`. */
export function logGroupOrNew(given: logs.ILogGroup | undefined, scope: Construct, id: string, logRetention: logs.RetentionDays): logs.ILogGroup {
  return given ?? new logs.LogGroup(scope, id, { retention: logRetention });
}
