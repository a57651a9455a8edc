import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The CloudWatch alarms of the API and its function: the four signals a rollout or an on-call
 * engineer needs (the API's 5xx rate, its p99 integration latency against the function's timeout,
 * the function's errors, its throttles), each with its threshold and period.
 *
 * Every period defaults to 1 minute, the resolution of API Gateway's and Lambda's metrics: an
 * alarm can then fire, and CodeDeploy roll back (`deploymentConfig`), inside the shortest interval
 * of a predefined canary or linear deployment. Each alarm is evaluated over one period and treats
 * missing data (no traffic) as not breaching, so an idle API stays `OK`.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export interface AlarmSettings {
  /**
   * The share of requests the API answers with a 5xx status, in percent (more than 0, at most
   * 100), above which the alarm fires.
   *
   * 1% is a few failed requests at low traffic and a clear regression at high traffic; on HTTP
   * APIs every function error, timeout, missing grant and Lambda throttle is a 5xx.
   *
   * @default 1
   */
  readonly serverErrorRateThreshold?: number;

  /**
   * The period of the 5xx rate (a whole number of minutes, at most 1 day).
   *
   * @default Duration.minutes(1)
   */
  readonly serverErrorRatePeriod?: Duration;

  /**
   * The p99 integration latency (the time API Gateway waits for the function) above which the
   * alarm fires (1 millisecond to 30 seconds).
   *
   * @default - 80% of the function's timeout, or of API Gateway's 30-second integration timeout
   * if that is shorter or the function's timeout is unknown (an imported function): requests that
   * come that close to being cut off are the ones about to fail
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
   */
  readonly integrationLatencyThreshold?: Duration;

  /**
   * The period of the p99 integration latency (a whole number of minutes, at most 1 day).
   *
   * @default Duration.minutes(1)
   */
  readonly integrationLatencyPeriod?: Duration;

  /**
   * The number of function errors in one period at which the alarm fires (a whole number, at least 1).
   *
   * 1: an error is an unhandled exception or a timeout, a bug rather than load; each is a 500
   * to the client.
   *
   * @default 1
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
   */
  readonly functionErrorsThreshold?: number;

  /**
   * The period of the function errors (a whole number of minutes, at most 1 day).
   *
   * @default Duration.minutes(1)
   */
  readonly functionErrorsPeriod?: Duration;

  /**
   * The number of throttled invocations in one period at which the alarm fires (a whole number,
   * at least 1).
   *
   * 1: API Gateway does not retry a throttled invocation, so each one is a 500 to the client;
   * throttles mean the reserved concurrency or the account's quota is too small.
   *
   * @default 1
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
   */
  readonly throttlesThreshold?: number;

  /**
   * The period of the throttles (a whole number of minutes, at most 1 day).
   *
   * @default Duration.minutes(1)
   */
  readonly throttlesPeriod?: Duration;

  /**
   * What each alarm does when it fires (e.g. `new cloudwatch_actions.SnsAction(topic)`).
   *
   * More can be added later on each of the construct's `alarms`.
   *
   * @default - no action: the alarms change state (and roll back a CodeDeploy deployment) only
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];
}
