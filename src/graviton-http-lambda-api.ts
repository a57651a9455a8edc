import { Annotations, ArnFormat, CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { InvokePermissionMode } from './invoke-permission-mode';
import { DEFAULT_ROUTE_KEY, validateRouteKeys } from './route-key';
import { checkRuntime } from './runtime-support';
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
   * No function and no execution role are created; `runtime`, `architecture`, `memorySize`,
   * `timeout`, `environment` and `description` cannot be given with it.
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
   * CORS of the HTTP API: API Gateway answers browsers' preflight requests itself and adds the
   * configured headers to every response (ignoring CORS headers the function returns).
   *
   * @default - no CORS: browsers refuse cross-origin calls
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
   */
  readonly cors?: apigwv2.CorsPreflightOptions;
}

/** Account-level throttling quotas of API Gateway (per Region; adjustable). */
const ACCOUNT_RATE_LIMIT = 10_000;
const ACCOUNT_BURST_LIMIT = 5_000;

/** Route count above which API Gateway refuses routes unless the quota was raised. */
const ROUTES_PER_API_QUOTA = 300;
/** API Gateway stops waiting for a Lambda integration after this long. */
const INTEGRATION_TIMEOUT_SECONDS = 30;

// Names Lambda sets itself; a function may not define them.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
const RESERVED_ENVIRONMENT_KEYS = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);
const ENVIRONMENT_KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;

// The props that only shape a function the construct creates.
const FUNCTION_KNOBS = ['runtime', 'architecture', 'memorySize', 'timeout', 'environment', 'description'] as const;

/**
 * A serverless HTTP endpoint: an API Gateway HTTP API in front of an arm64 (Graviton) Lambda function.
 *
 * Creates the function and its execution role (unless `function` is given), the HTTP API, its
 * `$default` stage (auto-deploy), one Lambda proxy integration shared by every route, the routes,
 * and the permission that lets the API invoke the function: an invoke role (`ROLE`) or one
 * resource-policy statement (`RESOURCE_POLICY`). Resources grow by exactly one per route.
 */
export class GravitonHttpLambdaApi extends Construct {
  /** The function behind the API (created, or the one given in `function`). */
  public readonly function: lambda.IFunction;

  /** The HTTP API. */
  public readonly httpApi: apigwv2.HttpApi;

  /** The `$default` stage, deployed automatically on every change. */
  public readonly stage: apigwv2.HttpStage;

  /** The Lambda proxy integration every route targets. */
  public readonly integration: apigwv2.HttpIntegration;

  /**
   * The role API Gateway assumes to invoke the function.
   *
   * Only in `InvokePermissionMode.ROLE`; `undefined` in `RESOURCE_POLICY` mode.
   */
  public readonly invokeRole?: iam.IRole;

  /** The resource-policy statement that lets this API invoke the function (`RESOURCE_POLICY` mode only). */
  public readonly invokePermission?: lambda.CfnPermission;

  /** The URL of the `$default` stage, ending in `/` (also a stack output). */
  public readonly url: string;

  private readonly routes: string[] = [];
  private unresolvedRouteCount = 0;

  constructor(scope: Construct, id: string, props: GravitonHttpLambdaApiProps) {
    super(scope, id);

    const routeKeys = props.routeKeys ?? ['GET /'];
    const permissionMode = props.permissionMode ?? InvokePermissionMode.ROLE;
    const payloadFormatVersion = props.payloadFormatVersion ?? apigwv2.PayloadFormatVersion.VERSION_2_0;

    // Every input is checked before the first child exists.
    validateFunctionSource(props);
    if (!props.function) {
      validateFunctionKnobs(this, props);
    }
    if (routeKeys.length === 0) {
      throw new Error(`routeKeys: must not be empty; give at least one route key such as "GET /" or "${DEFAULT_ROUTE_KEY}"`);
    }
    validateRouteKeys(routeKeys, 'routeKeys');
    if (!Object.values(InvokePermissionMode).includes(permissionMode)) {
      throw new Error(`permissionMode "${permissionMode}": must be one of ${Object.values(InvokePermissionMode).join(', ')}`);
    }
    if (!['1.0', '2.0'].includes(payloadFormatVersion.version)) {
      throw new Error(`payloadFormatVersion "${payloadFormatVersion.version}": must be 1.0 or 2.0 (PayloadFormatVersion.VERSION_1_0 or VERSION_2_0)`);
    }
    if (props.throttle) {
      validateThrottle(this, props.throttle);
    }
    if (props.cors?.allowCredentials && (props.cors.allowOrigins ?? []).includes('*')) {
      throw new Error('cors: allowCredentials cannot be combined with allowOrigins ["*"]; list the origins that may send credentials');
    }

    this.function = props.function ?? new lambda.Function(this, 'Function', {
      code: props.code!,
      handler: props.handler!,
      runtime: props.runtime ?? lambda.Runtime.PYTHON_3_14,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      environment: props.environment,
      description: props.description,
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: props.apiName ?? id,
      corsPreflight: props.cors,
      // The stage is created below as a typed child of this construct.
      createDefaultStage: false,
    });

    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
    });

    let credentials: apigwv2.IntegrationCredentials | undefined;
    if (permissionMode === InvokePermissionMode.ROLE) {
      const invokeRole = new iam.Role(this, 'InvokeRole', {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        description: 'Lets API Gateway invoke the function behind this HTTP API',
        // Inline, so the grant costs no extra resource.
        inlinePolicies: {
          InvokeFunction: new iam.PolicyDocument({
            statements: [new iam.PolicyStatement({
              actions: ['lambda:InvokeFunction'],
              resources: [this.function.functionArn],
            })],
          }),
        },
      });
      this.invokeRole = invokeRole;
      credentials = apigwv2.IntegrationCredentials.fromRole(invokeRole);
    } else {
      // One statement for the whole API, whatever the number of routes.
      this.invokePermission = new lambda.CfnPermission(this, 'InvokePermission', {
        action: 'lambda:InvokeFunction',
        functionName: this.function.functionArn,
        principal: 'apigateway.amazonaws.com',
        sourceArn: Stack.of(this).formatArn({
          service: 'execute-api',
          resource: this.httpApi.apiId,
          resourceName: '*',
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      });
    }

    // Created under this construct, not under a route, so adding or reordering routes never replaces it.
    this.integration = new apigwv2.HttpIntegration(this, 'Integration', {
      httpApi: this.httpApi,
      integrationType: apigwv2.HttpIntegrationType.AWS_PROXY,
      integrationUri: this.function.functionArn,
      method: apigwv2.HttpMethod.POST,
      connectionType: apigwv2.HttpConnectionType.INTERNET,
      payloadFormatVersion,
      credentials,
    });

    this.createRoutes(routeKeys);

    this.url = this.stage.url;
    new CfnOutput(this, 'Url', {
      value: this.url,
      description: 'URL of the HTTP API ($default stage)',
    });
  }

  /**
   * Latency of the API: from receiving a request to sending the response.
   *
   * @default - Average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricLatency({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Requests the API answered with a 5xx status (function errors, missing grants, timeouts).
   *
   * @default - Sum over 5 minutes
   */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Requests the API answered with a 4xx status, throttled requests (429) included.
   *
   * @default - Sum over 5 minutes
   */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricClientError({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Requests the API received.
   *
   * @default - Sum over 5 minutes
   */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricCount({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Invocations of the function.
   *
   * @default - Sum over 5 minutes
   */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricInvocations({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Invocations of the function Lambda throttled (API Gateway answers them 500).
   *
   * @default - Sum over 5 minutes
   */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricThrottles({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** The route keys of this API, in the order they were added. */
  public get routeKeys(): string[] {
    return [...this.routes];
  }

  /**
   * Adds routes to the API, all going to the function through the shared integration.
   *
   * Every key is checked (format and duplicates, also against the routes already there)
   * before any route is created.
   *
   * @param routeKeys `METHOD /path` or `$default`, at least one
   */
  public addRoutes(...routeKeys: string[]): void {
    if (routeKeys.length === 0) {
      throw new Error('addRoutes: give at least one route key such as "GET /items"');
    }
    validateRouteKeys(routeKeys, 'addRoutes routeKeys', new Set(this.routes));
    this.createRoutes(routeKeys);
  }

  private createRoutes(routeKeys: string[]): void {
    const before = this.routes.length;
    for (const routeKey of routeKeys) {
      // The id derives from the key, so a route's logical id does not depend on its position.
      const id = Token.isUnresolved(routeKey) ? `RouteToken${++this.unresolvedRouteCount}` : `Route ${routeKey}`;
      new apigwv2.CfnRoute(this, id, {
        apiId: this.httpApi.apiId,
        routeKey,
        target: `integrations/${this.integration.integrationId}`,
      });
      this.routes.push(routeKey);
    }
    if (before <= ROUTES_PER_API_QUOTA && this.routes.length > ROUTES_PER_API_QUOTA) {
      Annotations.of(this).addWarningV2('cdk-graviton-http-lambda-api:routeQuota',
        `${this.routes.length} routes: API Gateway accepts ${ROUTES_PER_API_QUOTA} routes per API unless the quota was raised (Service Quotas, "Routes per API")`);
    }
  }
}

function validateThrottle(scope: Construct, throttle: ThrottleSettings): void {
  const { rateLimit, burstLimit } = throttle;
  if (!Token.isUnresolved(rateLimit) && !(typeof rateLimit === 'number' && rateLimit > 0)) {
    throw new Error(`throttle.rateLimit ${rateLimit}: must be more than 0 requests per second (0 would answer every request 429)`);
  }
  if (!Token.isUnresolved(burstLimit) && !(Number.isInteger(burstLimit) && burstLimit >= 1)) {
    throw new Error(`throttle.burstLimit ${burstLimit}: must be a whole number of requests, at least 1 (0 would answer every request 429)`);
  }
  if (rateLimit > ACCOUNT_RATE_LIMIT || burstLimit > ACCOUNT_BURST_LIMIT) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:throttle',
      `throttle ${rateLimit}/s burst ${burstLimit}: above the account's limits (${ACCOUNT_RATE_LIMIT}/s, burst ${ACCOUNT_BURST_LIMIT}), which apply first unless raised`);
  }
}

function validateFunctionSource(props: GravitonHttpLambdaApiProps): void {
  if (props.function) {
    const given = [
      ...(props.code ? ['code'] : []),
      ...(props.handler !== undefined ? ['handler'] : []),
      ...FUNCTION_KNOBS.filter((knob) => props[knob] !== undefined),
    ];
    if (given.length > 0) {
      throw new Error(`function: cannot be combined with ${given.join(', ')}; these only shape a function the construct creates. Give either function, or code and handler`);
    }
    return;
  }
  if (!props.code && props.handler === undefined) {
    throw new Error('code and handler, or function: one is required (code + handler create a function, function uses an existing one)');
  }
  if (!props.code) {
    throw new Error(`handler "${props.handler}": code is required with it (e.g. lambda.Code.fromAsset("lambda"))`);
  }
  if (props.handler === undefined || props.handler === '') {
    throw new Error('handler: required with code, as module.function (e.g. "index.lambda_handler")');
  }
  if (props.code instanceof lambda.InlineCode && !Token.isUnresolved(props.handler) && !props.handler.startsWith('index.')) {
    throw new Error(`handler "${props.handler}": inline code is saved as index.py / index.js, so the handler must be "index.<function>"`);
  }
}

function validateFunctionKnobs(scope: Construct, props: GravitonHttpLambdaApiProps): void {
  const { memorySize, timeout, environment, description } = props;
  if (memorySize !== undefined && !Token.isUnresolved(memorySize)
    && (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240)) {
    throw new Error(`memorySize ${memorySize}: must be a whole number of MiB from 128 to 10240`);
  }
  if (timeout !== undefined && !timeout.isUnresolved()) {
    const seconds = timeout.toSeconds({ integral: false });
    if (seconds < 1 || seconds > 900 || !Number.isInteger(seconds)) {
      throw new Error(`timeout ${timeout.toHumanString()}: must be a whole number of seconds from 1 second to 15 minutes`);
    }
    if (seconds > INTEGRATION_TIMEOUT_SECONDS) {
      Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:timeout',
        `timeout ${timeout.toHumanString()}: API Gateway answers 503 after ${INTEGRATION_TIMEOUT_SECONDS} seconds, whatever the function's timeout`);
    }
  }
  for (const key of Object.keys(environment ?? {})) {
    if (RESERVED_ENVIRONMENT_KEYS.has(key)) {
      throw new Error(`environment "${key}": reserved by Lambda, which sets it itself; choose another name`);
    }
    if (!Token.isUnresolved(key) && !ENVIRONMENT_KEY.test(key)) {
      throw new Error(`environment "${key}": names must start with a letter and hold only letters, digits and "_"`);
    }
  }
  if (description !== undefined && !Token.isUnresolved(description) && description.length > 256) {
    throw new Error(`description: ${description.length} characters; Lambda accepts at most 256`);
  }

  const runtime = props.runtime ?? lambda.Runtime.PYTHON_3_14;
  const architecture = props.architecture ?? lambda.Architecture.ARM_64;
  const verdict = checkRuntime(runtime.name, architecture.name, new Date().toISOString().slice(0, 10));
  if (verdict.error) {
    throw new Error(verdict.error);
  }
  if (verdict.warning) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:runtime', verdict.warning);
  }
}
