import { Annotations, ArnFormat, CfnOutput, Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { defaultAccessLogFormat } from './access-log-settings';
import { ROUTES_PER_API_QUOTA } from './aws-limits';
import { GravitonHttpLambdaApiProps } from './graviton-http-lambda-api-props';
import { InvokePermissionMode } from './invoke-permission-mode';
import { AuthorizerDefinition, authorizerDefinition } from './private/authorizer-definition';
import { suppressNagRules } from './private/nag-suppressions';
import { validateAccessLog } from './private/validate-access-log';
import { validateAuthorizations, validateRouteKeyReference } from './private/validate-authorizations';
import { validateCustomDomain } from './private/validate-custom-domain';
import { validateFunctionKnobs, validateFunctionSource } from './private/validate-function';
import { validateThrottle } from './private/validate-throttle';
import { RouteAuthorization, RouteAuthorizationType } from './route-authorization';
import { DEFAULT_ROUTE_KEY, validateRouteKeys } from './route-key';

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
