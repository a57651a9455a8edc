import { Annotations, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AccessLogSettings } from '../access-log-settings';
import { ACCESS_LOG_FORMAT_MAX_BYTES, ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT } from '../aws-limits';
import { GravitonHttpLambdaApiProps } from '../graviton-http-lambda-api-props';
import { validateRouteKeyReference } from '../route-key';
import { ThrottleSettings } from '../throttle-settings';
import { logGroupOrNew } from './log-groups';
import { Routes } from './routes';

// The `$default` stage: its throttling (of the stage and of single routes) and its access log.

type StageProps = Pick<GravitonHttpLambdaApiProps, 'throttle' | 'routeThrottle' | 'accessLog'>;

/** The stage, and the log group of its access log (`undefined` when access logging is off). */
export interface ApiStage {
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup?: logs.ILogGroup;
}

/** The checks of `throttle` and `routeThrottle`. */
export function validateThrottles(scope: Construct, props: StageProps, routeKeys: string[]): void {
  if (props.throttle) {
    validateThrottle(scope, props.throttle, 'throttle');
  }
  for (const [routeKey, throttle] of Object.entries(props.routeThrottle ?? {})) {
    validateRouteKeyReference(routeKey, routeKeys, 'routeThrottle');
    validateThrottle(scope, throttle, `routeThrottle["${routeKey}"]`);
  }
}

function validateThrottle(scope: Construct, throttle: ThrottleSettings, prop: string): void {
  const { rateLimit, burstLimit } = throttle;
  if (!Token.isUnresolved(rateLimit) && !(typeof rateLimit === 'number' && rateLimit > 0)) {
    throw new Error(`${prop}.rateLimit ${rateLimit}: must be more than 0 requests per second (0 would answer every request 429)`);
  }
  if (!Token.isUnresolved(burstLimit) && !(Number.isInteger(burstLimit) && burstLimit >= 1)) {
    throw new Error(`${prop}.burstLimit ${burstLimit}: must be a whole number of requests, at least 1 (0 would answer every request 429)`);
  }
  if (rateLimit > ACCOUNT_RATE_LIMIT || burstLimit > ACCOUNT_BURST_LIMIT) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:throttle',
      `${prop} ${rateLimit}/s burst ${burstLimit}: above the account's limits (${ACCOUNT_RATE_LIMIT}/s, burst ${ACCOUNT_BURST_LIMIT}), which apply first unless raised`);
  }
}

/** The checks of `accessLog`, with `format` its format or the default. */
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

/** The `$default` stage, deployed on every change, with its throttling and access log. */
export function createStage(scope: Construct, httpApi: apigwv2.IHttpApi, props: StageProps,
  logRetention: logs.RetentionDays, accessLogFormat: apigateway.AccessLogFormat): ApiStage {
  const accessLogEnabled = props.accessLog?.enabled ?? true;
  const accessLogGroup = accessLogEnabled ? logGroupOrNew(props.accessLog?.logGroup, scope, 'AccessLogGroup', logRetention) : undefined;
  const stage = new apigwv2.HttpStage(scope, 'DefaultStage', {
    httpApi,
    stageName: '$default',
    autoDeploy: true,
    throttle: props.throttle,
    accessLogSettings: accessLogGroup ? {
      destination: new apigwv2.LogGroupLogDestination(accessLogGroup),
      format: accessLogFormat,
    } : undefined,
  });
  const routeThrottle = Object.entries(props.routeThrottle ?? {});
  if (routeThrottle.length > 0) {
    // RouteSettings is untyped JSON in the L1, so it takes CloudFormation's own property names.
    const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.routeSettings = Object.fromEntries(routeThrottle.map(([routeKey, throttle]) =>
      [routeKey, { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit }]));
  }
  return { stage, accessLogGroup };
}

/** A stage's route settings may name only routes that exist already. */
export function dependOnThrottledRoutes(stage: apigwv2.HttpStage, props: StageProps, routes: Routes): void {
  for (const routeKey of Object.keys(props.routeThrottle ?? {})) {
    stage.node.addDependency(routes.route(routeKey));
  }
}
