import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AlarmSettings } from '../alarm-settings';
import { INTEGRATION_TIMEOUT_SECONDS } from '../aws-limits';
import { ApiMetrics } from './api-metrics';

// The alarms of the API and its function: 5xx rate, p99 integration latency, function errors, throttles.

const DEFAULT_PERIOD = Duration.minutes(1);
const DEFAULT_SERVER_ERROR_RATE_PERCENT = 1;
const DEFAULT_COUNT_THRESHOLD = 1;
/** The share of the time left before the function (or the integration) is cut off at which latency alarms. */
const LATENCY_SHARE_OF_TIMEOUT = 0.8;
/** Lambda's default function timeout. https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html */
const LAMBDA_DEFAULT_TIMEOUT = Duration.seconds(3);
/** The longest period an alarm evaluated over one period may have (CloudWatch: period x evaluation periods <= 1 day). */
const MAX_PERIOD_MINUTES = 24 * 60;

// Evaluated over one period; no data (an idle API, an idle function) keeps the alarm OK.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
const ONE_PERIOD_IDLE_IS_OK = {
  evaluationPeriods: 1,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
};

export function validateAlarms(settings: AlarmSettings | undefined): void {
  if (!settings) {
    return;
  }
  const rate = settings.serverErrorRateThreshold;
  if (rate !== undefined && !Token.isUnresolved(rate) && !(rate > 0 && rate <= 100)) {
    throw new Error(`alarms.serverErrorRateThreshold ${rate}: must be a percentage of requests, more than 0 and at most 100`);
  }
  for (const prop of ['functionErrorsThreshold', 'throttlesThreshold'] as const) {
    const count = settings[prop];
    if (count !== undefined && !Token.isUnresolved(count) && !(Number.isInteger(count) && count >= 1)) {
      throw new Error(`alarms.${prop} ${count}: must be a whole number, at least 1`);
    }
  }
  const latency = settings.integrationLatencyThreshold;
  if (latency !== undefined && !latency.isUnresolved()) {
    const ms = latency.toMilliseconds({ integral: false });
    if (!(ms >= 1 && ms <= INTEGRATION_TIMEOUT_SECONDS * 1000)) {
      throw new Error(`alarms.integrationLatencyThreshold ${latency.toHumanString()}: must be from 1 millisecond to ${INTEGRATION_TIMEOUT_SECONDS} seconds (API Gateway's integration timeout)`);
    }
  }
  for (const prop of ['serverErrorRatePeriod', 'integrationLatencyPeriod', 'functionErrorsPeriod', 'throttlesPeriod'] as const) {
    const period = settings[prop];
    if (period === undefined || period.isUnresolved()) {
      continue;
    }
    // API Gateway's and Lambda's metrics have a resolution of 1 minute.
    const minutes = period.toSeconds({ integral: false }) / 60;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_PERIOD_MINUTES) {
      throw new Error(`alarms.${prop} ${period.toHumanString()}: must be a whole number of minutes from 1 minute to 1 day`);
    }
  }
}

/** What the alarms watch. */
export interface AlarmTargets {
  /** The metrics of the API and its function. */
  readonly metrics: ApiMetrics;
  /** The function, for its timeout. */
  readonly function: lambda.IFunction;
}

/** The four alarms, in the order of `AlarmSettings`, each with the actions given. */
export function createAlarms(scope: Construct, settings: AlarmSettings, targets: AlarmTargets): cloudwatch.Alarm[] {
  const { metrics, function: fn } = targets;
  const serverErrorRatePeriod = settings.serverErrorRatePeriod ?? DEFAULT_PERIOD;
  const latencyPeriod = settings.integrationLatencyPeriod ?? DEFAULT_PERIOD;
  const latencyThreshold = settings.integrationLatencyThreshold ?? defaultLatencyThreshold(fn);
  const alarms = [
    new cloudwatch.Alarm(scope, 'ServerErrorRateAlarm', {
      alarmDescription: 'The HTTP API answered more of its requests with a 5xx status than the threshold (percent)',
      metric: new cloudwatch.MathExpression({
        // No requests is no error rate, not a missing value.
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: metrics.serverErrors({ period: serverErrorRatePeriod }),
          requests: metrics.requests({ period: serverErrorRatePeriod }),
        },
        label: '5xx responses (% of requests)',
        period: serverErrorRatePeriod,
      }),
      threshold: settings.serverErrorRateThreshold ?? DEFAULT_SERVER_ERROR_RATE_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...ONE_PERIOD_IDLE_IS_OK,
    }),
    new cloudwatch.Alarm(scope, 'IntegrationLatencyAlarm', {
      alarmDescription: 'The p99 time the HTTP API waited for the function came close to the function\'s timeout (milliseconds)',
      metric: metrics.integrationLatency({ statistic: cloudwatch.Stats.p(99), period: latencyPeriod }),
      threshold: latencyThreshold.toMilliseconds({ integral: false }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...ONE_PERIOD_IDLE_IS_OK,
    }),
    new cloudwatch.Alarm(scope, 'FunctionErrorsAlarm', {
      alarmDescription: 'The function failed (unhandled errors and timeouts, every version)',
      metric: metrics.functionErrors({ period: settings.functionErrorsPeriod ?? DEFAULT_PERIOD }),
      threshold: settings.functionErrorsThreshold ?? DEFAULT_COUNT_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...ONE_PERIOD_IDLE_IS_OK,
    }),
    new cloudwatch.Alarm(scope, 'ThrottlesAlarm', {
      alarmDescription: 'Lambda throttled invocations of the function (the API answered them 500)',
      metric: metrics.throttles({ period: settings.throttlesPeriod ?? DEFAULT_PERIOD }),
      threshold: settings.throttlesThreshold ?? DEFAULT_COUNT_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...ONE_PERIOD_IDLE_IS_OK,
    }),
  ];
  for (const alarm of alarms) {
    alarm.addAlarmAction(...(settings.alarmActions ?? []));
  }
  return alarms;
}

/** 80% of the function's timeout, or of the integration's 30 s when that is shorter or the timeout unknown. */
function defaultLatencyThreshold(fn: lambda.IFunction): Duration {
  const integrationMs = INTEGRATION_TIMEOUT_SECONDS * 1000;
  // Only a function defined in this app tells its timeout; an imported one is bounded by the integration's.
  const timeout = fn instanceof lambda.Function ? fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT : undefined;
  const timeoutMs = timeout && !timeout.isUnresolved() ? Math.min(timeout.toMilliseconds(), integrationMs) : integrationMs;
  return Duration.millis(Math.round(timeoutMs * LATENCY_SHARE_OF_TIMEOUT));
}
