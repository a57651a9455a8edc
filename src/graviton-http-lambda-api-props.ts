import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AccessLogSettings } from './access-log-settings';
import { AlarmSettings } from './alarm-settings';
import { CustomDomainOptions } from './custom-domain';
import { InvokePermissionMode } from './invoke-permission-mode';
import { RouteAuthorization } from './route-authorization';
import { ThrottleSettings } from './throttle-settings';

/**
 * Properties of a `GravitonHttpLambdaApi`.
 *
 * Give either `code` and `handler` (the construct creates the function and its execution role)
 * or `function` (an existing function; the function knobs then do not apply).
 */
export interface GravitonHttpLambdaApiProps {
  /**
   * The function's code, for a function the construct creates.
   *
   * `lambda.Code.fromInline(...)` is saved by Lambda as `index.py` / `index.js`, so its
   * `handler` must start with `index.`.
   *
   * @default - none: either `code` and `handler`, or `function`, must be given
   */
  readonly code?: lambda.Code;

  /**
   * The function's handler, `module.function` (e.g. `index.lambda_handler`).
   *
   * @default - none: required with `code`
   */
  readonly handler?: string;

  /**
   * An existing function to put behind the API, instead of `code` and `handler`.
   *
   * No function and no execution role are created; the props that shape a function (`runtime`,
   * `architecture`, `memorySize`, `timeout`, `environment`, `description`, `functionLogGroup`,
   * `tracing`, `loggingFormat`, `applicationLogLevel`, `systemLogLevel`,
   * `reservedConcurrentExecutions`) cannot be given with it. `alias`, `deploymentConfig` and
   * `provisionedConcurrentExecutions` need a `lambda.Function` of this app (its `currentVersion`
   * is published); an imported function is refused with them. `alarms` apply to any function.
   *
   * @default - a function is created from `code` and `handler`
   */
  readonly function?: lambda.IFunction;

  /**
   * The function's runtime.
   *
   * Checked together with `architecture`: a runtime Lambda no longer accepts for new functions,
   * or one that does not run on the architecture, fails synthesis; a deprecated one is a warning.
   *
   * @default lambda.Runtime.PYTHON_3_14 (the newest Python runtime Lambda accepts)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
   */
  readonly runtime?: lambda.Runtime;

  /**
   * The function's instruction set architecture.
   *
   * @default lambda.Architecture.ARM_64 (Graviton)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html
   */
  readonly architecture?: lambda.Architecture;

  /**
   * Memory for the function, in MiB (128 to 10,240).
   *
   * @default 128
   */
  readonly memorySize?: number;

  /**
   * How long the function may run (1 second to 15 minutes).
   *
   * API Gateway gives up on the integration after 30 seconds whatever this is, so a longer
   * timeout is a warning.
   *
   * @default Duration.seconds(3)
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
   */
  readonly timeout?: Duration;

  /**
   * Environment variables of the function. Lambda's reserved names (`AWS_REGION`, `_HANDLER`, ...)
   * are refused.
   *
   * @default - no environment variables
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
   */
  readonly environment?: { [key: string]: string };

  /**
   * Description of the function (up to 256 characters).
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * The routes, each `METHOD /path` or `$default`; all of them go to the function.
   *
   * METHOD is one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY. Path segments are
   * literals, `{param}`, or a final greedy `{proxy+}`. No duplicates, at least one key.
   * Unresolved tokens are passed through unchecked.
   *
   * @default ['GET /']
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
   */
  readonly routeKeys?: string[];

  /**
   * How API Gateway is allowed to invoke the function.
   *
   * @default InvokePermissionMode.ROLE
   */
  readonly permissionMode?: InvokePermissionMode;

  /**
   * The payload format the function receives and answers in (1.0 or 2.0).
   *
   * @default apigwv2.PayloadFormatVersion.VERSION_2_0
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
   */
  readonly payloadFormatVersion?: apigwv2.PayloadFormatVersion;

  /**
   * Name of the HTTP API.
   *
   * @default - the construct's id
   */
  readonly apiName?: string;

  /**
   * Throttling of every route of the `$default` stage.
   *
   * @default - no stage limits: only the account's limits (10,000 requests per second, burst
   * 5,000, per Region) apply
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   */
  readonly throttle?: ThrottleSettings;

  /**
   * Throttling of single routes, by route key, in place of `throttle` for those routes.
   *
   * Each key must be one of `routeKeys`; both limits are required and positive.
   *
   * @default - every route has the stage's limits (`throttle`)
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
   */
  readonly routeThrottle?: { [routeKey: string]: ThrottleSettings };

  /**
   * CORS of the HTTP API: API Gateway answers browsers' preflight requests itself and adds the
   * configured headers to every response (ignoring CORS headers the function returns).
   *
   * @default - no CORS: browsers refuse cross-origin calls
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
   */
  readonly cors?: apigwv2.CorsPreflightOptions;

  /**
   * Who may call the routes: the authorization of every route not named in `routeAuthorization`
   * (routes added later with `addRoutes` included).
   *
   * @default RouteAuthorization.none() - the routes are public
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
   */
  readonly authorization?: RouteAuthorization;

  /**
   * Authorization of single routes, by route key, in place of `authorization` for those routes
   * (e.g. `{ 'GET /health': RouteAuthorization.none() }`). Each key must be one of `routeKeys`.
   *
   * @default - every route has `authorization`
   */
  readonly routeAuthorization?: { [routeKey: string]: RouteAuthorization };

  /**
   * Access logging of the `$default` stage.
   *
   * @default - on: JSON lines (`defaultAccessLogFormat()`) into a log group the construct creates,
   * kept for `logRetention`
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
   */
  readonly accessLog?: AccessLogSettings;

  /**
   * The log group the created function writes to.
   *
   * @default - a log group is created, kept for `logRetention`
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
   */
  readonly functionLogGroup?: logs.ILogGroup;

  /**
   * How long the log groups the construct creates (the function's and the access log's) keep lines.
   *
   * The groups are kept when the stack is deleted (`RemovalPolicy.RETAIN`); change that on
   * `functionLogGroup` / `accessLogGroup` with `applyRemovalPolicy`.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A custom domain name for the API, mapped to the `$default` stage, with an optional Route 53 alias record.
   *
   * @default - no custom domain: the API is reached at its `execute-api` URL
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
   */
  readonly customDomain?: CustomDomainOptions;

  /**
   * Whether to turn off the API's default `execute-api` endpoint, so clients can reach it only
   * through a custom domain (the default endpoint answers 404).
   *
   * @default false
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html
   */
  readonly disableExecuteApiEndpoint?: boolean;

  /**
   * Name of an alias that points to the function's current version; the integration, and the
   * invoke role's policy or the resource-policy statement, then target the alias instead of
   * `$LATEST`.
   *
   * A version is published on every deployment that changes the function's code or configuration
   * (`currentVersion`); the previous one is deleted only once the deployment has succeeded, so
   * CodeDeploy can shift traffic back to it. 1 to 128 letters, digits, `-` or `_`, not only digits.
   *
   * @default - no alias, unless `deploymentConfig` or `provisionedConcurrentExecutions` is given
   * (then `live`)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
   */
  readonly alias?: string;

  /**
   * How CodeDeploy shifts traffic to a new version of the function (e.g.
   * `codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES`); it rolls back when the
   * deployment fails or any of the construct's `alarms` fires.
   *
   * Adds a CodeDeploy application and deployment group (with its service role); implies `alias`.
   * Without `alarms` a warning says that only a failed deployment rolls back.
   *
   * @default - no gradual deployment: a new version takes all traffic at once
   * @see https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html#deployment-configuration-lambda
   */
  readonly deploymentConfig?: codedeploy.ILambdaDeploymentConfig;

  /**
   * CloudWatch alarms of the API and the function (5xx rate, p99 integration latency, function
   * errors, throttles), exposed as `alarms`; `{}` turns them on with the defaults of `AlarmSettings`.
   *
   * @default - no alarms
   */
  readonly alarms?: AlarmSettings;

  /**
   * X-Ray tracing of the function. The execution role gets the two X-Ray actions Lambda needs to
   * send traces (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`), nothing more.
   *
   * HTTP APIs themselves are not traced by X-Ray (only REST APIs are); the function's segments
   * start the trace.
   *
   * @default lambda.Tracing.DISABLED
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
   */
  readonly tracing?: lambda.Tracing;

  /**
   * The format of the function's logs: JSON (one object per line, with time, level and request
   * id) or plain text.
   *
   * @default lambda.LoggingFormat.JSON
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html
   */
  readonly loggingFormat?: lambda.LoggingFormat;

  /**
   * The lowest level of the function's own log lines that Lambda sends to the log group. JSON
   * logs only.
   *
   * @default - Lambda's default, INFO
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel;

  /**
   * The lowest level of the lines Lambda itself writes about the function (start, end, report)
   * that reach the log group. JSON logs only.
   *
   * @default - Lambda's default, INFO
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
   */
  readonly systemLogLevel?: lambda.SystemLogLevel;

  /**
   * Concurrent executions reserved for the function, which are also its maximum (a whole number,
   * at least 0; 0 throttles every invocation, so API Gateway answers every request 500).
   *
   * @default - no reservation: the function shares the account's unreserved concurrency
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * Execution environments Lambda keeps initialized for the alias (a whole number, at least 1, at
   * most `reservedConcurrentExecutions` when that is given). Implies `alias`.
   *
   * @default - no provisioned concurrency: environments start on demand (cold starts)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
   */
  readonly provisionedConcurrentExecutions?: number;
}
