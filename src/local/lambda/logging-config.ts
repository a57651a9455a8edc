import { InvocationReport, reportLine } from './invocation-log';
import { DeployError } from '../cloudformation/resource-provider';

/**
 * A function's `LoggingConfig`: plain text (Lambda's default) or JSON, and in JSON the levels
 * below which application and system (platform) records are dropped.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
 */
export interface LoggingConfig {
  readonly format: 'Text' | 'JSON';
  /** JSON only: application records below it are dropped (INFO when the template leaves it out). */
  readonly applicationLogLevel?: ApplicationLogLevel;
  /** JSON only: platform records below it are dropped (INFO when the template leaves it out). */
  readonly systemLogLevel?: SystemLogLevel;
}

// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html
const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;
export type ApplicationLogLevel = typeof APPLICATION_LOG_LEVELS[number];
export type SystemLogLevel = typeof SYSTEM_LOG_LEVELS[number];

export const TEXT_LOGGING: LoggingConfig = { format: 'Text' };

/** The `LoggingConfig` property checked as Lambda checks it; a custom `LogGroup` is accepted (logs stay on stderr). */
export function loggingConfigOf(value: unknown, logicalId: string): LoggingConfig {
  if (value === undefined || value === null) return TEXT_LOGGING;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DeployError(`${logicalId}: LoggingConfig must be an object with LogFormat, ApplicationLogLevel, SystemLogLevel, LogGroup; got ${JSON.stringify(value)}`);
  }
  const props = value as Record<string, unknown>;
  const format = props.LogFormat ?? 'Text';
  if (format !== 'Text' && format !== 'JSON') {
    throw new DeployError(`${logicalId}: LoggingConfig.LogFormat must be Text or JSON; got ${JSON.stringify(format)}`);
  }
  const applicationLogLevel = levelOf(props.ApplicationLogLevel, APPLICATION_LOG_LEVELS, 'ApplicationLogLevel', logicalId);
  const systemLogLevel = levelOf(props.SystemLogLevel, SYSTEM_LOG_LEVELS, 'SystemLogLevel', logicalId);
  if (format === 'Text' && (applicationLogLevel || systemLogLevel)) {
    // As the Lambda console and aws-cdk-lib refuse it: log levels filter JSON records only.
    throw new DeployError(`${logicalId}: LoggingConfig.ApplicationLogLevel and SystemLogLevel need LogFormat JSON; got LogFormat ${format}`);
  }
  if (format === 'JSON') {
    // Lambda fills in INFO for a level JSON leaves out, as GetFunctionConfiguration then reports it.
    return { format, applicationLogLevel: applicationLogLevel ?? 'INFO', systemLogLevel: systemLogLevel ?? 'INFO' };
  }
  return TEXT_LOGGING;
}

function levelOf<T extends string>(value: unknown, accepted: readonly T[], property: string, logicalId: string): T | undefined {
  if (value === undefined) return undefined;
  if (!accepted.includes(value as T)) {
    throw new DeployError(`${logicalId}: LoggingConfig.${property} must be one of ${accepted.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** The environment variables the managed runtimes read to format and filter application logs. */
export function loggingEnvironment(logging: LoggingConfig): Record<string, string> {
  if (logging.format !== 'JSON') return {};
  return { AWS_LAMBDA_LOG_FORMAT: 'JSON', ...(logging.applicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: logging.applicationLogLevel } : {}) };
}

const LEVEL_RANK: Record<string, number> = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, WARNING: 4, ERROR: 5, FATAL: 6, CRITICAL: 6 };

/**
 * Whether a line of the function's output reaches the log: in JSON with an application log level,
 * a line that is a JSON object is kept when its `level` is at or above it, and any other line
 * (a plain `print`, a JSON record without a valid `level`) counts as INFO.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
 */
export function keepsApplicationLine(logging: LoggingConfig, line: string): boolean {
  if (logging.format !== 'JSON' || !logging.applicationLogLevel) return true;
  return lineLevel(line) >= LEVEL_RANK[logging.applicationLogLevel];
}

function lineLevel(line: string): number {
  if (line.startsWith('{')) {
    try {
      const record = JSON.parse(line);
      const level = typeof record?.level === 'string' ? LEVEL_RANK[record.level.toUpperCase()] : undefined;
      if (level !== undefined) return level;
    } catch {
      // not JSON: a plain line
    }
  }
  return LEVEL_RANK.INFO;
}

/**
 * The platform's own lines (START, END, REPORT): as text, or in JSON as `platform.start` and
 * `platform.report` records (JSON has no END record), each at INFO, dropped below the system log
 * level. https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html
 * and the records' fields: https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html
 */
export class PlatformLines {
  constructor(private readonly logging: LoggingConfig) {}

  start(requestId: string, version: string): string | undefined {
    if (!this.json) return `START RequestId: ${requestId} Version: ${version}`;
    return this.record('platform.start', { requestId, version });
  }

  end(requestId: string): string | undefined {
    return this.json ? undefined : `END RequestId: ${requestId}`;
  }

  report(report: InvocationReport): string | undefined {
    if (!this.json) return reportLine(report);
    const metrics = {
      durationMs: round2(report.durationMs),
      billedDurationMs: billedMs(report.durationMs),
      memorySizeMB: report.memorySizeMb,
      ...(report.maxMemoryUsedMb !== undefined ? { maxMemoryUsedMB: report.maxMemoryUsedMb } : {}),
      ...(report.initDurationMs !== undefined ? { initDurationMs: round2(report.initDurationMs) } : {}),
    };
    return this.record('platform.report', {
      requestId: report.requestId,
      metrics,
      // `timeout` or `error` when the environment ended, as the text REPORT's Status; a handler's
      // own error leaves the environment and says `success` here (unconfirmed on AWS).
      status: report.status ?? 'success',
      ...(report.errorType !== undefined ? { errorType: report.errorType } : {}),
    });
  }

  private get json(): boolean {
    return this.logging.format === 'JSON';
  }

  /** Platform records are INFO; a system log level of WARN drops them. */
  private record(type: string, record: object): string | undefined {
    if (this.logging.systemLogLevel === 'WARN') return undefined;
    return JSON.stringify({ time: new Date().toISOString(), type, record });
  }
}

function billedMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}
