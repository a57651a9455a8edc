/**
 * Access log lines in the stage's `AccessLogSettings.Format`, with `$context.*` variables.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */

/** The values a log line may use, by variable name without the `$context.` prefix. */
export type AccessLogContext = Record<string, string | number | undefined>;

/** The format with each `$context.name` replaced; unknown or empty variables become `-`, as AWS writes them. */
export function formatAccessLog(format: string, context: AccessLogContext): string {
  return format.replace(/\$context\.([A-Za-z0-9_.]+[A-Za-z0-9_])/g, (_match, name: string) => {
    const value = context[name];
    return value === undefined || value === '' ? '-' : String(value);
  });
}
