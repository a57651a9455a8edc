import { Annotations, ArnFormat, CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { AccessLogSettings, defaultAccessLogFormat } from './access-log-settings';
import {
  ACCESS_LOG_FORMAT_MAX_BYTES, ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, AUTHORIZER_CACHE_MAX_SECONDS, INTEGRATION_TIMEOUT_SECONDS,
  RESERVED_ENVIRONMENT_KEYS, ROUTES_PER_API_QUOTA,
} from './aws-limits';
import { CustomDomainOptions } from './custom-domain';
import { InvokePermissionMode } from './invoke-permission-mode';
import { AuthorizerDefinition, authorizerDefinition } from './private/authorizer-definition';
import { suppressNagRules } from './private/nag-suppressions';
import { synthesisDate } from './private/synthesis-date';
import { RouteAuthorization, RouteAuthorizationType } from './route-authorization';
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
}

const RESERVED_ENVIRONMENT_KEY_SET = new Set(RESERVED_ENVIRONMENT_KEYS);
const ENVIRONMENT_KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;

// The props that only shape a function the construct creates.
const FUNCTION_KNOBS = ['runtime', 'architecture', 'memorySize', 'timeout', 'environment', 'description', 'functionLogGroup'] as const;

// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.identity-sources
const IDENTITY_SOURCE = /^\$(request\.header\.|request\.querystring\.|context\.|stageVariables\.)[^\s]+$/;
const DOMAIN_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

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

  /**
   * The function's execution role: allowed to write to the function's log group and nothing else.
   *
   * `undefined` when `function` was given.
   */
  public readonly executionRole?: iam.IRole;

  /** The log group of the function the construct created; `undefined` when `function` was given. */
  public readonly functionLogGroup?: logs.ILogGroup;

  /** The HTTP API. */
  public readonly httpApi: apigwv2.HttpApi;

  /** The `$default` stage, deployed automatically on every change. */
  public readonly stage: apigwv2.HttpStage;

  /** The log group of the stage's access log; `undefined` when access logging is off. */
  public readonly accessLogGroup?: logs.ILogGroup;

  /** The Lambda proxy integration every route targets. */
  public readonly integration: apigwv2.HttpIntegration;

  /**
   * The role API Gateway assumes to invoke the function (and Lambda authorizers).
   *
   * Only in `InvokePermissionMode.ROLE`; `undefined` in `RESOURCE_POLICY` mode.
   */
  public readonly invokeRole?: iam.IRole;

  /** The resource-policy statement that lets this API invoke the function (`RESOURCE_POLICY` mode only). */
  public readonly invokePermission?: lambda.CfnPermission;

  /** The JWT and Lambda authorizers of the API, one per `RouteAuthorization` used. */
  public readonly authorizers: apigwv2.CfnAuthorizer[] = [];

  /** The custom domain name; `undefined` without `customDomain`. */
  public readonly domainName?: apigwv2.DomainName;

  /** The URL of the `$default` stage, ending in `/` (also a stack output). */
  public readonly url: string;

  /**
   * `https://<customDomain.domainName>/` (also a stack output); `undefined` without `customDomain`
   * or for a wildcard domain name.
   */
  public readonly domainUrl?: string;

  private readonly routes: string[] = [];
  private readonly routeResources = new Map<string, apigwv2.CfnRoute>();
  private unresolvedRouteCount = 0;
  private readonly defaultAuthorization: RouteAuthorization;
  private readonly routeAuthorizations: Map<string, RouteAuthorization>;
  private readonly authorizerIds = new Map<AuthorizerDefinition, string>();

  constructor(scope: Construct, id: string, props: GravitonHttpLambdaApiProps) {
    super(scope, id);

    const routeKeys = props.routeKeys ?? ['GET /'];
    const permissionMode = props.permissionMode ?? InvokePermissionMode.ROLE;
    const payloadFormatVersion = props.payloadFormatVersion ?? apigwv2.PayloadFormatVersion.VERSION_2_0;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const accessLogEnabled = props.accessLog?.enabled ?? true;
    const accessLogFormat = props.accessLog?.format ?? defaultAccessLogFormat();
    this.defaultAuthorization = props.authorization ?? RouteAuthorization.none();
    this.routeAuthorizations = new Map(Object.entries(props.routeAuthorization ?? {}));

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
      validateThrottle(this, props.throttle, 'throttle');
    }
    for (const [routeKey, throttle] of Object.entries(props.routeThrottle ?? {})) {
      validateRouteKeyReference(routeKey, routeKeys, 'routeThrottle');
      validateThrottle(this, throttle, `routeThrottle["${routeKey}"]`);
    }
    if (props.cors?.allowCredentials && (props.cors.allowOrigins ?? []).includes('*')) {
      throw new Error('cors: allowCredentials cannot be combined with allowOrigins ["*"]; list the origins that may send credentials');
    }
    for (const routeKey of this.routeAuthorizations.keys()) {
      validateRouteKeyReference(routeKey, routeKeys, 'routeAuthorization');
    }
    const authorizations = [this.defaultAuthorization, ...this.routeAuthorizations.values()];
    const definitions = validateAuthorizations(authorizations);
    if (!Object.values(logs.RetentionDays).includes(logRetention)) {
      throw new Error(`logRetention ${logRetention}: must be one of logs.RetentionDays (1, 3, 5, 7, 14, 30, ... days, or INFINITE)`);
    }
    validateAccessLog(props.accessLog, accessLogFormat);
    if (props.customDomain) {
      validateCustomDomain(props.customDomain);
    }
    if (props.disableExecuteApiEndpoint && !props.customDomain) {
      Annotations.of(this).addWarningV2('cdk-graviton-http-lambda-api:disabledEndpoint',
        'disableExecuteApiEndpoint: the default endpoint answers 404 and no customDomain is configured, so clients can reach the API only through a domain you map to it yourself');
    }

    if (props.function) {
      this.function = props.function;
    } else {
      const functionLogGroup = props.functionLogGroup ?? new logs.LogGroup(this, 'FunctionLogGroup', { retention: logRetention });
      // Least privilege: Lambda writes to this group only, which exists already (no logs:CreateLogGroup).
      const executionRole = new iam.Role(this, 'ExecutionRole', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'Lets the function behind this HTTP API write its logs',
        inlinePolicies: {
          WriteLogs: new iam.PolicyDocument({
            statements: [new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [functionLogGroup.logGroupArn],
            })],
          }),
        },
      });
      this.function = new lambda.Function(this, 'Function', {
        code: props.code!,
        handler: props.handler!,
        runtime: props.runtime ?? lambda.Runtime.PYTHON_3_14,
        architecture: props.architecture ?? lambda.Architecture.ARM_64,
        memorySize: props.memorySize,
        timeout: props.timeout,
        environment: props.environment,
        description: props.description,
        role: executionRole,
        logGroup: functionLogGroup,
      });
      this.executionRole = executionRole;
      this.functionLogGroup = functionLogGroup;
    }

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: props.apiName ?? id,
      corsPreflight: props.cors,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint,
      // The stage is created below as a typed child of this construct.
      createDefaultStage: false,
    });

    if (accessLogEnabled) {
      this.accessLogGroup = props.accessLog?.logGroup ?? new logs.LogGroup(this, 'AccessLogGroup', { retention: logRetention });
    }
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: this.accessLogGroup ? {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: accessLogFormat,
      } : undefined,
    });
    const routeThrottle = Object.entries(props.routeThrottle ?? {});
    if (routeThrottle.length > 0) {
      // RouteSettings is untyped JSON in the L1, so it takes CloudFormation's own property names.
      const stage = this.stage.node.defaultChild as apigwv2.CfnStage;
      stage.routeSettings = Object.fromEntries(routeThrottle.map(([routeKey, throttle]) =>
        [routeKey, { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit }]));
    }

    // Lambda authorizers are invoked as the function is: through the invoke role, or a resource-policy statement.
    const authorizerFunctions = definitions.flatMap((definition) => definition.lambda ? [definition.lambda.function] : []);
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
              resources: [this.function.functionArn, ...authorizerFunctions.map((fn) => fn.functionArn)],
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
        sourceArn: this.executeApiArn('*'),
      });
    }

    for (const definition of definitions) {
      this.createAuthorizer(definition);
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
    // A stage's route settings may name only routes that exist already.
    for (const [routeKey] of routeThrottle) {
      this.stage.node.addDependency(this.routeResources.get(routeKey)!);
    }

    this.url = this.stage.url;
    new CfnOutput(this, 'Url', {
      value: this.url,
      description: 'URL of the HTTP API ($default stage)',
    });

    if (props.customDomain) {
      const { domainName, certificate, hostedZone } = props.customDomain;
      const domain = new apigwv2.DomainName(this, 'DomainName', { domainName, certificate });
      new apigwv2.ApiMapping(this, 'ApiMapping', { api: this.httpApi, domainName: domain, stage: this.stage });
      if (hostedZone) {
        new route53.ARecord(this, 'AliasRecord', {
          zone: hostedZone,
          recordName: domainName,
          target: route53.RecordTarget.fromAlias(
            new route53targets.ApiGatewayv2DomainProperties(domain.regionalDomainName, domain.regionalHostedZoneId)),
        });
      }
      this.domainName = domain;
      // A wildcard domain has no one URL.
      if (!domainName.startsWith('*.')) {
        this.domainUrl = `https://${domainName}/`;
        new CfnOutput(this, 'DomainUrl', {
          value: this.domainUrl,
          description: 'URL of the HTTP API on its custom domain',
        });
      }
    }
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
      const authorization = this.routeAuthorizations.get(routeKey) ?? this.defaultAuthorization;
      const definition = authorizerDefinition(authorization);
      // The id derives from the key, so a route's logical id does not depend on its position.
      const id = Token.isUnresolved(routeKey) ? `RouteToken${++this.unresolvedRouteCount}` : `Route ${routeKey}`;
      const route = new apigwv2.CfnRoute(this, id, {
        apiId: this.httpApi.apiId,
        routeKey,
        target: `integrations/${this.integration.integrationId}`,
        // NONE is API Gateway's default; leaving it out keeps public routes as small as before.
        authorizationType: authorization.authorizationType === RouteAuthorizationType.NONE ? undefined : authorization.authorizationType,
        authorizerId: definition ? this.authorizerIds.get(definition) : undefined,
        authorizationScopes: authorization.scopes.length > 0 ? authorization.scopes : undefined,
      });
      if (authorization.authorizationType === RouteAuthorizationType.NONE) {
        suppressNagRules(route, [{
          id: 'AwsSolutions-APIG4',
          reason: 'Public by choice: RouteAuthorization.none(), the default; see the authorization prop.',
        }]);
      }
      this.routes.push(routeKey);
      this.routeResources.set(routeKey, route);
    }
    if (before <= ROUTES_PER_API_QUOTA && this.routes.length > ROUTES_PER_API_QUOTA) {
      Annotations.of(this).addWarningV2('cdk-graviton-http-lambda-api:routeQuota',
        `${this.routes.length} routes: API Gateway accepts ${ROUTES_PER_API_QUOTA} routes per API unless the quota was raised (Service Quotas, "Routes per API")`);
    }
  }

  private createAuthorizer(definition: AuthorizerDefinition): void {
    const id = `Authorizer ${definition.name}`;
    let authorizer: apigwv2.CfnAuthorizer;
    if (definition.jwt) {
      authorizer = new apigwv2.CfnAuthorizer(this, id, {
        apiId: this.httpApi.apiId,
        name: definition.name,
        authorizerType: 'JWT',
        identitySource: definition.identitySource,
        jwtConfiguration: { issuer: definition.jwt.issuer, audience: definition.jwt.audience },
      });
    } else {
      const { function: authorizerFunction, resultsCacheTtl } = definition.lambda!;
      const stack = Stack.of(this);
      authorizer = new apigwv2.CfnAuthorizer(this, id, {
        apiId: this.httpApi.apiId,
        name: definition.name,
        authorizerType: 'REQUEST',
        authorizerPayloadFormatVersion: '2.0',
        enableSimpleResponses: true,
        identitySource: definition.identitySource,
        authorizerResultTtlInSeconds: resultsCacheTtl.toSeconds(),
        authorizerUri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${authorizerFunction.functionArn}/invocations`,
        authorizerCredentialsArn: this.invokeRole?.roleArn,
      });
      if (!this.invokeRole) {
        // One statement per authorizer, scoped to it.
        new lambda.CfnPermission(this, `${id} Permission`, {
          action: 'lambda:InvokeFunction',
          functionName: authorizerFunction.functionArn,
          principal: 'apigateway.amazonaws.com',
          sourceArn: this.executeApiArn(`authorizers/${authorizer.ref}`),
        });
      }
    }
    this.authorizers.push(authorizer);
    this.authorizerIds.set(definition, authorizer.ref);
  }

  /** `arn:<partition>:execute-api:<region>:<account>:<apiId>/<path>` */
  private executeApiArn(path: string): string {
    return Stack.of(this).formatArn({
      service: 'execute-api',
      resource: this.httpApi.apiId,
      resourceName: path,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}

/** A route key another prop names must be one of the routes. */
function validateRouteKeyReference(routeKey: string, routeKeys: string[], prop: string): void {
  if (!routeKeys.includes(routeKey)) {
    throw new Error(`${prop}["${routeKey}"]: not one of routeKeys (${routeKeys.map((key) => `"${key}"`).join(', ')}); name a route the API has`);
  }
}

/** Checks each authorizer once and returns them in order of first use; names must be unique. */
function validateAuthorizations(authorizations: RouteAuthorization[]): AuthorizerDefinition[] {
  const byName = new Map<string, AuthorizerDefinition>();
  for (const authorization of authorizations) {
    if (!(authorization instanceof RouteAuthorization)) {
      throw new Error('authorization: must be made with RouteAuthorization.none(), iam(), jwt({...}) or lambdaAuthorizer({...})');
    }
    const definition = authorizerDefinition(authorization);
    if (!definition || byName.get(definition.name) === definition) {
      continue;
    }
    const where = `authorization "${definition.name}"`;
    if (byName.has(definition.name)) {
      throw new Error(`${where}: two different authorizers are named "${definition.name}"; give each its own authorizerName`);
    }
    if (!Token.isUnresolved(definition.name) && !/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/.test(definition.name)) {
      throw new Error(`${where}: authorizerName must be 1 to 128 letters, digits, spaces, "_", "." or "-"`);
    }
    for (const source of definition.identitySource) {
      if (!Token.isUnresolved(source) && !IDENTITY_SOURCE.test(source)) {
        throw new Error(`${where}: identitySource "${source}" must be $request.header.<name>, $request.querystring.<name>, $context.<name> or $stageVariables.<name>`);
      }
    }
    if (definition.jwt) {
      const { issuer, audience } = definition.jwt;
      if (!Token.isUnresolved(issuer) && !/^https:\/\/[^\s]+$/.test(issuer)) {
        throw new Error(`${where}: issuer "${issuer}" must be an https:// URL`);
      }
      if (audience.length === 0) {
        throw new Error(`${where}: audience must list at least one audience (client id)`);
      }
      const [source, ...more] = definition.identitySource;
      if (more.length > 0 || source === undefined) {
        throw new Error(`${where}: identitySource must be exactly one source for a JWT authorizer, got ${definition.identitySource.length}`);
      }
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
      if (!Token.isUnresolved(source) && !/^\$request\.(header|querystring)\./.test(source)) {
        throw new Error(`${where}: identitySource "${source}" must be a header ($request.header.<name>) or query string ($request.querystring.<name>) for a JWT authorizer`);
      }
    }
    if (definition.lambda) {
      const ttl = definition.lambda.resultsCacheTtl;
      if (!ttl.isUnresolved()) {
        const seconds = ttl.toSeconds({ integral: false });
        if (!Number.isInteger(seconds) || seconds < 0 || seconds > AUTHORIZER_CACHE_MAX_SECONDS) {
          throw new Error(`${where}: resultsCacheTtl ${ttl.toHumanString()} must be a whole number of seconds from 0 to ${AUTHORIZER_CACHE_MAX_SECONDS}`);
        }
        if (seconds > 0 && definition.identitySource.length === 0) {
          throw new Error(`${where}: identitySource must name at least one source while caching is on (it is the cache key); give one or set resultsCacheTtl to Duration.seconds(0)`);
        }
      }
    }
    byName.set(definition.name, definition);
  }
  return [...byName.values()];
}

function validateAccessLog(accessLog: AccessLogSettings | undefined, format: { toString(): string }): void {
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

function validateCustomDomain(customDomain: CustomDomainOptions): void {
  const { domainName, hostedZone } = customDomain;
  if (Token.isUnresolved(domainName)) {
    return;
  }
  if (domainName.length > 253 || !DOMAIN_NAME.test(domainName)) {
    throw new Error(`customDomain.domainName "${domainName}": must be a lower-case host name such as api.example.com (letters, digits, "-", labels joined by "."; a leading "*." for a wildcard)`);
  }
  if (hostedZone) {
    let zoneName: string;
    try {
      zoneName = hostedZone.zoneName;
    } catch {
      throw new Error('customDomain.hostedZone: its zone name is unknown (HostedZone.fromHostedZoneId); import it with HostedZone.fromHostedZoneAttributes({ hostedZoneId, zoneName })');
    }
    const zone = zoneName.replace(/\.$/, '');
    if (!Token.isUnresolved(zone) && domainName !== zone && !domainName.endsWith(`.${zone}`)) {
      throw new Error(`customDomain.domainName "${domainName}": not in hostedZone "${zone}"; the alias record can only be created in the zone the name belongs to`);
    }
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
    if (RESERVED_ENVIRONMENT_KEY_SET.has(key)) {
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
  const verdict = checkRuntime(runtime.name, architecture.name, synthesisDate(scope));
  if (verdict.error) {
    throw new Error(verdict.error);
  }
  if (verdict.warning) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:runtime', verdict.warning);
  }
}
