import { randomBytes } from 'crypto';
import { ApiServers, ApiServersOptions } from './api-servers';
import { authorizerFromProperties, routeAuthorizationFromProperties } from './authorization/authorizer-config';
import { corsConfiguration } from './cors';
import { CustomDomains, DomainNameDescription } from './custom-domains';
import { GatewayContext } from './gateway-context';
import { ResourceDefinition, StoredApi, StoredStage } from './http-api-model';
import { isPayloadFormatVersion } from './payload-formats';
import { RequestHandler } from './request-handler';
import { RouteTable } from './route-matcher';
import { ThrottleLimits, throttleLimits } from './throttle';
import { INTEGRATION_TIMEOUT_SECONDS } from '../../aws-limits';
import { DeployError, NotSupportedError, ProvisionRequest, ProvisionedResource, ResourceProvider } from '../cloudformation/resource-provider';

export interface HttpApiServiceOptions extends GatewayContext, ApiServersOptions {}

/** The id API Gateway gives an API: ten lower-case letters and digits. */
function newId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

function definitionOf(request: ProvisionRequest): ResourceDefinition {
  return { createdDate: new Date(), properties: request.properties };
}

// A route key's `integrations/<id>` target.
const TARGET = /^integrations\/(.+)$/;

/**
 * API Gateway HTTP APIs in the offline cloud: the resource providers of `AWS::ApiGatewayV2::*`,
 * which keep what they create in the API model (http-api-model.ts). Each API gets a local HTTP
 * server (api-servers.ts) when the API resource is created, so `ApiEndpoint` and stack outputs
 * point at it.
 */
export class HttpApiService {
  private readonly apis = new Map<string, StoredApi>();
  private readonly handler: RequestHandler;
  private readonly servers: ApiServers;
  private readonly domains: CustomDomains;
  /** APIs whose AWS_IAM routes were announced as not verifying signatures offline. */
  private readonly iamNoted = new Set<string>();

  public readonly apiProvider: ResourceProvider = { create: (request) => this.createApi(request) };
  public readonly stageProvider: ResourceProvider = { create: async (request) => this.createStage(request) };
  public readonly integrationProvider: ResourceProvider = { create: async (request) => this.createIntegration(request) };
  public readonly routeProvider: ResourceProvider = { create: async (request) => this.createRoute(request) };
  /** `AWS::ApiGatewayV2::Deployment`: makes the routes live on the stage it names. */
  public readonly deploymentProvider: ResourceProvider = { create: async (request) => this.createDeployment(request) };
  /** `AWS::ApiGatewayV2::Authorizer`: Ref = the authorizer id; GetAtt AuthorizerId. */
  public readonly authorizerProvider: ResourceProvider = { create: async (request) => this.createAuthorizer(request) };
  /** `AWS::ApiGatewayV2::DomainName`. */
  public readonly domainNameProvider: ResourceProvider;
  /** `AWS::ApiGatewayV2::ApiMapping`. */
  public readonly apiMappingProvider: ResourceProvider;
  /** `AWS::Route53::RecordSet` (alias records to custom domains only; DNS is not emulated). */
  public readonly recordSetProvider: ResourceProvider;

  constructor(private readonly options: HttpApiServiceOptions) {
    this.domains = new CustomDomains((apiId) => this.apis.get(apiId), options.log);
    this.domainNameProvider = this.domains.domainNameProvider;
    this.apiMappingProvider = this.domains.apiMappingProvider;
    this.recordSetProvider = this.domains.recordSetProvider;
    this.handler = new RequestHandler(options, this.domains);
    this.servers = new ApiServers(options, this.handler);
  }

  /** An API by id; undefined when there is none. */
  public get(apiId: string): StoredApi | undefined {
    return this.apis.get(apiId);
  }

  /** A custom domain name's configuration (GetDomainName); undefined when there is none. */
  public domainName(name: string): DomainNameDescription | undefined {
    return this.domains.describe(name);
  }

  /** Every API, in the order created. */
  public list(): readonly StoredApi[] {
    return [...this.apis.values()];
  }

  /**
   * Rewrites `https://<apiId>.execute-api.<region>.amazonaws.com...` URLs of local APIs to their
   * local endpoint, so outputs built from the API id (as CDK's stage URL is) reach the local server.
   */
  public localizeUrls(value: string): string {
    return value.replace(/https:\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/g, (url, apiId: string) => {
      return this.apis.get(apiId)?.endpoint ?? url;
    });
  }

  /** Forgets the invoke grants decided so far (IAM or Lambda permissions changed). */
  public forgetInvokeGrants(): void {
    this.handler.forgetInvokeGrants();
  }

  /** With kept servers (`serve --watch`): this deployment starts answering on them. */
  public attach(): void {
    this.servers.attach();
  }

  /** With kept servers: stops answering new requests, so the next deployment can. */
  public detach(): void {
    this.servers.detach();
  }

  /** Resolves once the requests in progress have been answered, or after `timeoutMs`. */
  public drain(timeoutMs: number): Promise<void> {
    return this.servers.drain(timeoutMs);
  }

  /** Closes every API server (kept servers are only detached). */
  public async stop(): Promise<void> {
    await this.servers.close(this.list());
    this.apis.clear();
    this.domains.clear();
  }

  private api(request: ProvisionRequest): StoredApi {
    const apiId: string = request.properties.ApiId;
    const api = this.apis.get(apiId);
    if (!api) {
      throw new DeployError(`Invalid API identifier specified ${request.environment.accountId}:${apiId}`);
    }
    return api;
  }

  private async createApi(request: ProvisionRequest): Promise<ProvisionedResource> {
    const p = request.properties;
    if (p.ProtocolType !== 'HTTP') {
      throw new NotSupportedError(`AWS::ApiGatewayV2::Api with ProtocolType ${p.ProtocolType ?? '(none)'} (only HTTP APIs are emulated)`, request.logicalId);
    }
    for (const property of ['Body', 'BodyS3Location', 'Target', 'CredentialsArn', 'RouteKey']) {
      if (p[property] !== undefined) {
        throw new NotSupportedError(`AWS::ApiGatewayV2::Api property ${property}`, request.logicalId);
      }
    }
    const apiId = newId();
    const { server, endpoint } = await this.servers.open(`${request.stackName}/${request.logicalId}`);
    const { partition, region, accountId, urlSuffix } = request.environment;
    const api: StoredApi = {
      apiId,
      location: { partition, region, accountId, urlSuffix },
      displayName: `${request.stackName}/${request.logicalId}`,
      name: p.Name ?? request.logicalId,
      server,
      endpoint,
      disableExecuteApiEndpoint: p.DisableExecuteApiEndpoint === true || p.DisableExecuteApiEndpoint === 'true',
      stages: new Map(),
      integrations: new Map(),
      routes: new Map(),
      routeTable: new RouteTable(),
      authorizers: new Map(),
      cors: corsConfiguration(p.CorsConfiguration),
      definition: definitionOf(request),
      authorizerDefinitions: new Map(),
    };
    this.servers.serve(api);
    this.apis.set(apiId, api);
    return { ref: apiId, attributes: { ApiId: apiId, ApiEndpoint: api.endpoint } };
  }

  private createStage(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const api = this.api(request);
    const stageName: string = p.StageName;
    if (stageName !== '$default' && !/^[A-Za-z0-9_-]{1,128}$/.test(stageName ?? '')) {
      throw new DeployError(`Stage name ${stageName}: only $default or letters, digits, - and _ (at most 128)`);
    }
    const routeLimits = new Map<string, ThrottleLimits>();
    for (const [routeKey, settings] of Object.entries<Record<string, unknown>>(p.RouteSettings ?? {})) {
      const limits = throttleLimits(settings);
      if (limits) {
        routeLimits.set(routeKey, limits);
      }
    }
    const stage: StoredStage = {
      stageName,
      deployed: p.AutoDeploy === true || p.AutoDeploy === 'true' || p.DeploymentId !== undefined,
      stageVariables: { ...(p.StageVariables ?? {}) },
      defaultLimits: throttleLimits(p.DefaultRouteSettings),
      routeLimits,
      buckets: new Map(),
      accessLog: p.AccessLogSettings?.Format
        ? { destinationArn: p.AccessLogSettings.DestinationArn ?? '', format: p.AccessLogSettings.Format }
        : undefined,
      definition: definitionOf(request),
    };
    api.stages.set(stageName, stage);
    return { ref: stageName, attributes: {} };
  }

  private createIntegration(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const api = this.api(request);
    if (p.IntegrationType !== 'AWS_PROXY' || p.IntegrationSubtype !== undefined) {
      throw new NotSupportedError(
        `AWS::ApiGatewayV2::Integration of type ${p.IntegrationType}${p.IntegrationSubtype ? `/${p.IntegrationSubtype}` : ''} (only Lambda proxy integrations are emulated)`,
        request.logicalId);
    }
    const uri: string = p.IntegrationUri ?? '';
    // The URI is the function ARN, or the apigateway service form that wraps it.
    const functionArn = /functions\/(arn:[^/]+)\/invocations$/.exec(uri)?.[1] ?? uri;
    if (!/^arn:[^:]+:lambda:/.test(functionArn)) {
      throw new NotSupportedError(`AWS::ApiGatewayV2::Integration with IntegrationUri ${uri} (only Lambda function ARNs)`, request.logicalId);
    }
    const version = p.PayloadFormatVersion;
    if (!isPayloadFormatVersion(version)) {
      throw new DeployError(`PayloadFormatVersion must be 1.0 or 2.0 for a Lambda proxy integration, got ${version ?? '(none)'}`);
    }
    const timeoutMillis = p.TimeoutInMillis === undefined ? INTEGRATION_TIMEOUT_SECONDS * 1000 : Number(p.TimeoutInMillis);
    if (!(timeoutMillis >= 50 && timeoutMillis <= INTEGRATION_TIMEOUT_SECONDS * 1000)) {
      throw new DeployError(`TimeoutInMillis must be between 50 and 30000, got ${p.TimeoutInMillis}`);
    }
    const integrationId = newId().slice(0, 7);
    api.integrations.set(integrationId, {
      integrationId,
      functionArn,
      credentialsArn: p.CredentialsArn,
      payloadFormatVersion: version,
      timeoutMillis,
      definition: definitionOf(request),
    });
    return { ref: integrationId, attributes: { IntegrationId: integrationId } };
  }

  private createRoute(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const api = this.api(request);
    const routeKey: string = p.RouteKey;
    if (api.routes.has(routeKey)) {
      throw new DeployError(`Route with key ${routeKey} already exists for this API`);
    }
    const authorization = routeAuthorizationFromProperties(p, api.authorizers);
    if (authorization.authorizationType === 'AWS_IAM' && !this.iamNoted.has(api.apiId)) {
      this.iamNoted.add(api.apiId);
      this.options.log(`[apigateway] ${api.displayName}: AWS_IAM routes accept any well-formed SigV4 signature for execute-api in ${api.location.region}; `
        + 'signatures are not verified offline and no execute-api:Invoke policy is evaluated');
    }
    let integrationId: string | undefined;
    if (p.Target !== undefined) {
      integrationId = TARGET.exec(p.Target)?.[1];
      if (!integrationId || !api.integrations.has(integrationId)) {
        throw new DeployError(`Route target ${p.Target} is not an integration of this API`);
      }
    }
    const routeId = newId().slice(0, 7);
    api.routes.set(routeKey, { routeId, routeKey, integrationId, authorization, definition: definitionOf(request) });
    api.routeTable.add(routeKey);
    return { ref: routeId, attributes: { RouteId: routeId } };
  }

  private createAuthorizer(request: ProvisionRequest): ProvisionedResource {
    const api = this.api(request);
    const authorizerId = newId().slice(0, 6);
    const authorizer = authorizerFromProperties(request.properties, authorizerId, api.authorizers.size, request.logicalId);
    api.authorizers.set(authorizerId, authorizer);
    api.authorizerDefinitions?.set(authorizerId, definitionOf(request));
    if (authorizer.type === 'JWT' && this.options.jwtKeys === 'unverified') {
      this.options.log(`[apigateway] ${api.displayName} JWT authorizer ${authorizer.name}: signature not verified (--jwt-unverified); `
        + 'issuer, audience, expiry and scopes are checked');
    }
    return { ref: authorizerId, attributes: { AuthorizerId: authorizerId } };
  }

  private createDeployment(request: ProvisionRequest): ProvisionedResource {
    const api = this.api(request);
    const stageName: string | undefined = request.properties.StageName;
    const stage = stageName ? api.stages.get(stageName) : undefined;
    if (stage) {
      stage.deployed = true;
    }
    const deploymentId = newId().slice(0, 6);
    return { ref: deploymentId, attributes: { DeploymentId: deploymentId } };
  }
}
