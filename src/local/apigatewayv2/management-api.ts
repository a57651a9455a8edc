import { DomainNameDescription } from './custom-domains';
import { ResourceDefinition, StoredApi, StoredIntegration, StoredRoute, StoredStage } from './http-api-model';
import { AwsApiError, ServiceEndpoint, ServiceRequest, ServiceResponse, jsonResponse, notSupported } from '../service-endpoint';

/**
 * The API Gateway v2 management API's read calls for HTTP APIs (REST-JSON under `/v2/`, camelCase
 * keys), answered from what the offline cloud deployed. Errors carry their type in
 * `x-amzn-ErrorType` and `{"message"}`, so SDKs raise NotFoundException, BadRequestException.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/resources.html
 */

/** What the management API reads. */
export interface ManagementApiSource {
  list(): readonly StoredApi[];
  get(apiId: string): StoredApi | undefined;
  domainName(name: string): DomainNameDescription | undefined;
}

type Call = (source: ManagementApiSource, params: string[], query: URLSearchParams) => object;

/** The calls answered: a path pattern each. */
const CALLS: { readonly name: string; readonly path: RegExp; readonly call: Call }[] = [
  { name: 'GetApis (GET /v2/apis)', path: /^\/v2\/apis$/, call: getApis },
  { name: 'GetApi (GET /v2/apis/{apiId})', path: /^\/v2\/apis\/([^/]+)$/, call: getApi },
  { name: 'GetRoutes (GET /v2/apis/{apiId}/routes)', path: /^\/v2\/apis\/([^/]+)\/routes$/, call: getRoutes },
  { name: 'GetRoute (GET /v2/apis/{apiId}/routes/{routeId})', path: /^\/v2\/apis\/([^/]+)\/routes\/([^/]+)$/, call: getRoute },
  { name: 'GetStages (GET /v2/apis/{apiId}/stages)', path: /^\/v2\/apis\/([^/]+)\/stages$/, call: getStages },
  { name: 'GetStage (GET /v2/apis/{apiId}/stages/{stageName})', path: /^\/v2\/apis\/([^/]+)\/stages\/([^/]+)$/, call: getStage },
  { name: 'GetIntegrations (GET /v2/apis/{apiId}/integrations)', path: /^\/v2\/apis\/([^/]+)\/integrations$/, call: getIntegrations },
  { name: 'GetIntegration (GET /v2/apis/{apiId}/integrations/{integrationId})', path: /^\/v2\/apis\/([^/]+)\/integrations\/([^/]+)$/, call: getIntegration },
  { name: 'GetAuthorizers (GET /v2/apis/{apiId}/authorizers)', path: /^\/v2\/apis\/([^/]+)\/authorizers$/, call: getAuthorizers },
  { name: 'GetDomainName (GET /v2/domainnames/{domainName})', path: /^\/v2\/domainnames\/([^/]+)$/, call: getDomainName },
];

/** The calls answered, as `not supported` names them. */
export const MANAGEMENT_API_CALLS = CALLS.map((c) => c.name);

/** A management API endpoint over the deployed HTTP APIs. */
export function managementApiEndpoint(source: ManagementApiSource): ServiceEndpoint {
  return new ServiceEndpoint({
    handle: (request) => handle(source, request),
    renderError: (error) => jsonResponse(error.statusCode, { message: error.message, ...error.fields }, 'application/json', { 'x-amzn-ErrorType': error.code }),
  });
}

function handle(source: ManagementApiSource, request: ServiceRequest): ServiceResponse {
  const path = request.url.pathname.replace(/\/$/, '');
  for (const { path: pattern, call } of CALLS) {
    const match = pattern.exec(path);
    if (request.method === 'GET' && match) {
      return jsonResponse(200, call(source, match.slice(1).map(decodeURIComponent), request.url.searchParams));
    }
  }
  throw notSupported(`ApiGatewayV2 ${request.method} ${request.url.pathname}`, MANAGEMENT_API_CALLS);
}

function notFound(resourceType: string, message: string): AwsApiError {
  return new AwsApiError('NotFoundException', 404, message, { resourceType });
}

function apiOf(source: ManagementApiSource, apiId: string): StoredApi {
  const api = source.get(apiId);
  if (!api) throw notFound('Api', `Invalid API identifier specified ${apiId}`);
  return api;
}

/** `maxResults` and `nextToken` (the offset of the next page), as every Get*s call takes them. */
function page(items: object[], query: URLSearchParams): object {
  const maxText = query.get('maxResults');
  const max = maxText === null ? Math.max(1, items.length) : Number(maxText);
  if (!Number.isInteger(max) || max < 1) throw new AwsApiError('BadRequestException', 400, `maxResults must be a whole number of at least 1; got ${maxText}`);
  const token = query.get('nextToken');
  const start = token === null ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) throw new AwsApiError('BadRequestException', 400, `Invalid nextToken ${token}`);
  const end = start + max;
  return withoutUndefined({ items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function bool(value: unknown): boolean | undefined {
  return value === undefined ? undefined : value === true || value === 'true';
}

function num(value: unknown): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function created(definition: ResourceDefinition | undefined): string | undefined {
  return definition?.createdDate.toISOString();
}

function props(definition: ResourceDefinition | undefined): Readonly<Record<string, any>> {
  return definition?.properties ?? {};
}

/** A CloudFormation `PascalCase` structure as the API's `camelCase` one (for structures, not maps of user keys). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key.charAt(0).toLowerCase() + key.slice(1), camel(v)]));
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html
function apiDescription(api: StoredApi): object {
  const p = props(api.definition);
  return withoutUndefined({
    // Offline, the endpoint is the API's local server, as Fn::GetAtt ApiEndpoint resolves.
    apiEndpoint: api.endpoint,
    apiId: api.apiId,
    apiKeySelectionExpression: p.ApiKeySelectionExpression ?? '$request.header.x-api-key',
    corsConfiguration: p.CorsConfiguration !== undefined ? camel(p.CorsConfiguration) : undefined,
    createdDate: created(api.definition),
    description: p.Description,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    ipAddressType: p.IpAddressType ?? 'ipv4',
    name: api.name,
    protocolType: 'HTTP',
    routeSelectionExpression: p.RouteSelectionExpression ?? '$request.method $request.path',
    tags: p.Tags ?? {},
  });
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
function getApis(source: ManagementApiSource, _params: string[], query: URLSearchParams): object {
  return page(source.list().map(apiDescription), query);
}

function getApi(source: ManagementApiSource, [apiId]: string[]): object {
  return apiDescription(apiOf(source, apiId));
}

function routeDescription(route: StoredRoute): object {
  const p = props(route.definition);
  return withoutUndefined({
    apiGatewayManaged: false,
    apiKeyRequired: bool(p.ApiKeyRequired) ?? false,
    authorizationScopes: route.authorization.authorizationScopes.length > 0 ? [...route.authorization.authorizationScopes] : undefined,
    authorizationType: route.authorization.authorizationType,
    authorizerId: route.authorization.authorizerId,
    routeId: route.routeId,
    routeKey: route.routeKey,
    target: route.integrationId !== undefined ? `integrations/${route.integrationId}` : undefined,
  });
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html
function getRoutes(source: ManagementApiSource, [apiId]: string[], query: URLSearchParams): object {
  return page([...apiOf(source, apiId).routes.values()].map(routeDescription), query);
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes-routeid.html
function getRoute(source: ManagementApiSource, [apiId, routeId]: string[]): object {
  const route = [...apiOf(source, apiId).routes.values()].find((r) => r.routeId === routeId);
  if (!route) throw notFound('Route', `Invalid Route identifier specified ${routeId}`);
  return routeDescription(route);
}

function stageDescription(stage: StoredStage): object {
  const p = props(stage.definition);
  const routeSettings = p.RouteSettings as Record<string, unknown> | undefined;
  return withoutUndefined({
    accessLogSettings: stage.accessLog ? { destinationArn: stage.accessLog.destinationArn, format: stage.accessLog.format } : undefined,
    apiGatewayManaged: false,
    autoDeploy: bool(p.AutoDeploy) ?? false,
    createdDate: created(stage.definition),
    defaultRouteSettings: { detailedMetricsEnabled: false, ...(camel(p.DefaultRouteSettings ?? {}) as object) },
    deploymentId: p.DeploymentId,
    description: p.Description,
    lastUpdatedDate: created(stage.definition),
    routeSettings: Object.fromEntries(Object.entries(routeSettings ?? {}).map(([key, value]) => [key, camel(value)])),
    stageName: stage.stageName,
    stageVariables: { ...stage.stageVariables },
    tags: p.Tags ?? {},
  });
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html
function getStages(source: ManagementApiSource, [apiId]: string[], query: URLSearchParams): object {
  return page([...apiOf(source, apiId).stages.values()].map(stageDescription), query);
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename.html
function getStage(source: ManagementApiSource, [apiId, stageName]: string[]): object {
  const stage = apiOf(source, apiId).stages.get(stageName);
  if (!stage) throw notFound('Stage', `Invalid stage identifier specified ${stageName}`);
  return stageDescription(stage);
}

function integrationDescription(integration: StoredIntegration): object {
  const p = props(integration.definition);
  return withoutUndefined({
    apiGatewayManaged: false,
    connectionType: p.ConnectionType ?? 'INTERNET',
    credentialsArn: integration.credentialsArn,
    description: p.Description,
    integrationId: integration.integrationId,
    integrationMethod: p.IntegrationMethod ?? 'POST',
    integrationType: 'AWS_PROXY',
    integrationUri: p.IntegrationUri ?? integration.functionArn,
    payloadFormatVersion: integration.payloadFormatVersion,
    timeoutInMillis: integration.timeoutMillis,
  });
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html
function getIntegrations(source: ManagementApiSource, [apiId]: string[], query: URLSearchParams): object {
  return page([...apiOf(source, apiId).integrations.values()].map(integrationDescription), query);
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations-integrationid.html
function getIntegration(source: ManagementApiSource, [apiId, integrationId]: string[]): object {
  const integration = apiOf(source, apiId).integrations.get(integrationId);
  if (!integration) throw notFound('Integration', `Invalid Integration identifier specified ${integrationId}`);
  return integrationDescription(integration);
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html
function getAuthorizers(source: ManagementApiSource, [apiId]: string[], query: URLSearchParams): object {
  const api = apiOf(source, apiId);
  return page([...api.authorizers.values()].map((authorizer) => {
    const p = props(api.authorizerDefinitions?.get(authorizer.authorizerId));
    return withoutUndefined({
      authorizerCredentialsArn: p.AuthorizerCredentialsArn,
      authorizerId: authorizer.authorizerId,
      authorizerPayloadFormatVersion: p.AuthorizerPayloadFormatVersion,
      authorizerResultTtlInSeconds: num(p.AuthorizerResultTtlInSeconds),
      authorizerType: authorizer.type,
      authorizerUri: p.AuthorizerUri,
      enableSimpleResponses: bool(p.EnableSimpleResponses),
      identitySource: p.IdentitySource,
      jwtConfiguration: p.JwtConfiguration !== undefined ? camel(p.JwtConfiguration) : undefined,
      name: authorizer.name,
    });
  }), query);
}

// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname.html
function getDomainName(source: ManagementApiSource, [name]: string[]): object {
  const domain = source.domainName(name);
  if (!domain) throw notFound('DomainName', `Invalid domain name identifier specified ${name}`);
  return {
    apiMappingSelectionExpression: '$request.basepath',
    domainName: domain.domainName,
    domainNameArn: domain.domainNameArn,
    domainNameConfigurations: [{
      apiGatewayDomainName: domain.regionalDomainName,
      certificateArn: domain.certificateArn,
      domainNameStatus: 'AVAILABLE',
      endpointType: domain.endpointType,
      hostedZoneId: domain.hostedZoneId,
      securityPolicy: domain.securityPolicy,
    }],
    routingMode: 'API_MAPPING_ONLY',
    tags: {},
  };
}
