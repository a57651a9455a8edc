import { CfnOutput } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { defaultAccessLogFormat } from './access-log-settings';
import { GravitonHttpLambdaApiProps } from './graviton-http-lambda-api-props';
import { InvokePermissionMode } from './invoke-permission-mode';
import { createAlarms, validateAlarms } from './private/alarms';
import { aliasNameOf, createAlias, validateAlias } from './private/alias';
import { ApiMetrics } from './private/api-metrics';
import { validateConcurrency } from './private/concurrency';
import { createDeploymentGroup, warnIfRollbackWithoutAlarms } from './private/deployment-group';
import { createDomainMapping, validateCustomDomain } from './private/domain-mapping';
import { createFunction, validateFunctionProps } from './private/function';
import { createHttpApi, validateCors, warnIfUnreachable } from './private/http-api';
import { createIntegration, validatePayloadFormatVersion } from './private/integration';
import { executeApiArn, grantInvoke, validatePermissionMode } from './private/invoke-permission';
import { validateLogRetention } from './private/log-groups';
import { RouteAuthorizations } from './private/route-authorizations';
import { Routes, validateRouteKeyList } from './private/routes';
import { createStage, dependOnThrottledRoutes, validateAccessLog, validateThrottles } from './private/stage';
import { validateRouteKeys } from './route-key';

/**
 * A serverless HTTP endpoint: an API Gateway HTTP API in front of an arm64 (Graviton) Lambda function.
 *
 * Creates the function and its execution role (unless `function` is given), the HTTP API, its
 * `$default` stage (auto-deploy), one Lambda proxy integration shared by every route, the routes,
 * and the permission that lets the API invoke the function: an invoke role (`ROLE`) or one
 * resource-policy statement (`RESOURCE_POLICY`). Resources grow by exactly one per route.
 *
 * For production operations it can publish a version on every deployment behind an alias
 * (`alias`), shift traffic to it gradually with CodeDeploy (`deploymentConfig`), alarm on the
 * API's and the function's health (`alarms`), trace the function with X-Ray (`tracing`), and
 * reserve or provision concurrency; the function's logs are JSON by default.
 */
export class GravitonHttpLambdaApi extends Construct {
  /** The function behind the API (created, or the one given in `function`). */
  public readonly function: lambda.IFunction;

  /**
   * The alias the integration invokes, on the function's current version; `undefined` without
   * `alias`, `deploymentConfig` or `provisionedConcurrentExecutions` (the integration then
   * invokes the function's `$LATEST`).
   */
  public readonly alias?: lambda.Alias;

  /** The version the alias points to, published when the function's code or configuration changes; `undefined` without an alias. */
  public readonly version?: lambda.IVersion;

  /** The CodeDeploy deployment group that shifts the alias to new versions; `undefined` without `deploymentConfig`. */
  public readonly deploymentGroup?: codedeploy.LambdaDeploymentGroup;

  /**
   * The CloudWatch alarms (5xx rate, p99 integration latency, function errors, throttles, in this
   * order); empty without `alarms`. Add actions with `addAlarmAction`, or put them on a dashboard.
   */
  public readonly alarms: cloudwatch.Alarm[];

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
  public readonly authorizers: apigwv2.CfnAuthorizer[];

  /** The custom domain name; `undefined` without `customDomain`. */
  public readonly domainName?: apigwv2.DomainName;

  /** The URL of the `$default` stage, ending in `/` (also a stack output). */
  public readonly url: string;

  /**
   * `https://<customDomain.domainName>/` (also a stack output); `undefined` without `customDomain`
   * or for a wildcard domain name.
   */
  public readonly domainUrl?: string;

  private readonly routes: Routes;
  private readonly metrics: ApiMetrics;

  constructor(scope: Construct, id: string, props: GravitonHttpLambdaApiProps) {
    super(scope, id);

    const routeKeys = props.routeKeys ?? ['GET /'];
    const permissionMode = props.permissionMode ?? InvokePermissionMode.ROLE;
    const payloadFormatVersion = props.payloadFormatVersion ?? apigwv2.PayloadFormatVersion.VERSION_2_0;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const accessLogFormat = props.accessLog?.format ?? defaultAccessLogFormat();
    const authorizations = new RouteAuthorizations(props.authorization, props.routeAuthorization);
    const aliasName = aliasNameOf(props);

    // Every input is checked before the first child exists.
    validateFunctionProps(this, props);
    validateRouteKeyList(routeKeys);
    validatePermissionMode(permissionMode);
    validatePayloadFormatVersion(payloadFormatVersion);
    validateThrottles(this, props, routeKeys);
    validateCors(props.cors);
    const authorizers = authorizations.validate(routeKeys);
    validateLogRetention(logRetention);
    validateAccessLog(props.accessLog, accessLogFormat);
    validateCustomDomain(props.customDomain);
    validateAlias(props, aliasName);
    validateConcurrency(this, props);
    validateAlarms(props.alarms);
    warnIfUnreachable(this, props);
    warnIfRollbackWithoutAlarms(this, props);

    const fn = createFunction(this, props, logRetention);
    this.function = fn.function;
    this.executionRole = fn.executionRole;
    this.functionLogGroup = fn.logGroup;
    if (aliasName !== undefined) {
      // validateAlias made sure the function is a lambda.Function.
      const alias = createAlias(this, this.function as lambda.Function, aliasName, props.provisionedConcurrentExecutions);
      this.alias = alias.alias;
      this.version = alias.version;
    }
    // What API Gateway invokes: the alias when there is one, else the function ($LATEST).
    const invoked = this.alias ?? this.function;

    this.httpApi = createHttpApi(this, props);
    const stage = createStage(this, this.httpApi, props, logRetention, accessLogFormat);
    this.stage = stage.stage;
    this.accessLogGroup = stage.accessLogGroup;

    // Lambda authorizers are invoked as the function is: through the invoke role, or a resource-policy statement.
    const authorizerFunctions = authorizers.flatMap((authorizer) => authorizer.invokedFunctions);
    const grant = grantInvoke(this, permissionMode, this.httpApi, invoked, authorizerFunctions);
    this.invokeRole = grant.invokeRole;
    this.invokePermission = grant.invokePermission;
    this.authorizers = authorizations.bind(authorizers, {
      scope: this,
      httpApi: this.httpApi,
      invokeRole: grant.invokeRole,
      executeApiArn: (path) => executeApiArn(this.httpApi, path),
    });

    this.integration = createIntegration(this, {
      httpApi: this.httpApi,
      function: invoked,
      payloadFormatVersion,
      credentials: grant.credentials,
    });
    this.routes = new Routes(this, this.integration, authorizations);
    this.routes.add(routeKeys);
    dependOnThrottledRoutes(this.stage, props, this.routes);

    this.url = this.stage.url;
    new CfnOutput(this, 'Url', {
      value: this.url,
      description: 'URL of the HTTP API ($default stage)',
    });

    if (props.customDomain) {
      const mapping = createDomainMapping(this, props.customDomain, this.httpApi, this.stage);
      this.domainName = mapping.domainName;
      this.domainUrl = mapping.domainUrl;
    }
    this.metrics = new ApiMetrics(this.httpApi, this.function);

    this.alarms = props.alarms ? createAlarms(this, props.alarms, { metrics: this.metrics, function: this.function }) : [];
    if (props.deploymentConfig) {
      this.deploymentGroup = createDeploymentGroup(this, this.alias!, props.deploymentConfig, this.alarms);
    }
  }

  /**
   * Latency of the API: from receiving a request to sending the response.
   *
   * @default - Average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.latency(props);
  }

  /**
   * Integration latency of the API: how long API Gateway waited for the function.
   *
   * @default - Average over 5 minutes
   */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.integrationLatency(props);
  }

  /**
   * Requests the API answered with a 5xx status (function errors, missing grants, timeouts).
   *
   * @default - Sum over 5 minutes
   */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.serverErrors(props);
  }

  /**
   * Requests the API answered with a 4xx status, throttled requests (429) included.
   *
   * @default - Sum over 5 minutes
   */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.clientErrors(props);
  }

  /**
   * Requests the API received.
   *
   * @default - Sum over 5 minutes
   */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.requests(props);
  }

  /**
   * Invocations of the function.
   *
   * @default - Sum over 5 minutes
   */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.invocations(props);
  }

  /**
   * Invocations of the function that failed (unhandled errors and timeouts), every version.
   *
   * @default - Sum over 5 minutes
   */
  public metricFunctionErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.functionErrors(props);
  }

  /**
   * Invocations of the function Lambda throttled (API Gateway answers them 500).
   *
   * @default - Sum over 5 minutes
   */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.throttles(props);
  }

  /** The route keys of this API, in the order they were added. */
  public get routeKeys(): string[] {
    return this.routes.routeKeys;
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
    validateRouteKeys(routeKeys, 'addRoutes routeKeys', new Set(this.routes.routeKeys));
    this.routes.add(routeKeys);
  }
}
