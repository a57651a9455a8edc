import { AUDIENCES_PER_AUTHORIZER_QUOTA, AUTHORIZER_CACHE_MAX_SECONDS, AUTHORIZERS_PER_API_QUOTA, SCOPES_PER_ROUTE_QUOTA } from '../../../aws-limits';
import { DeployError, NotSupportedError } from '../../cloudformation/resource-provider';
import { ApiRequest, clfTime, headerValue, queryParameters } from '../api-request';
import { PayloadFormatVersion, isPayloadFormatVersion } from '../payload-formats';

/**
 * `AWS::ApiGatewayV2::Authorizer` of HTTP APIs, checked as API Gateway checks CreateAuthorizer,
 * and the authorization settings of routes. Running the authorizers is route-authorizer.ts.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-authorizer.html
 * (unconfirmed) The wording of API Gateway's BadRequestException messages is not documented; the
 * messages below name the property, the bad value and what is accepted.
 */

/** Where an authorizer finds a part of the caller's identity. */
export interface IdentitySource {
  /** The expression as written, e.g. `$request.header.Authorization`. */
  readonly expression: string;
  readonly kind: 'header' | 'querystring' | 'context' | 'stageVariables';
  readonly name: string;
}

/** A Lambda (`REQUEST`) authorizer. */
export interface LambdaAuthorizerConfig {
  readonly type: 'REQUEST';
  readonly authorizerId: string;
  readonly name: string;
  /** The function ARN taken from `AuthorizerUri`. */
  readonly functionArn: string;
  readonly credentialsArn?: string;
  readonly payloadFormatVersion: PayloadFormatVersion;
  /** `EnableSimpleResponses`: the function answers `{isAuthorized, context}` instead of a policy. */
  readonly simpleResponses: boolean;
  readonly identitySources: readonly IdentitySource[];
  /** `AuthorizerResultTtlInSeconds`; 0 = no caching. */
  readonly ttlSeconds: number;
}

/** A `JWT` authorizer. */
export interface JwtAuthorizerConfig {
  readonly type: 'JWT';
  readonly authorizerId: string;
  readonly name: string;
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly identitySource: IdentitySource;
}

export type AuthorizerConfig = LambdaAuthorizerConfig | JwtAuthorizerConfig;

/** How a route is authorized. */
export interface RouteAuthorization {
  readonly authorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT';
  readonly authorizerId?: string;
  readonly authorizationScopes: readonly string[];
}


/**
 * The `$context.` variables an identity source may name, from a request. A subset of the logging
 * variables; the rest are refused at deploy time as not emulated.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
const CONTEXT_VARIABLES: Record<string, (request: ApiRequest) => string> = {
  'accountId': (r) => r.accountId,
  'apiId': (r) => r.apiId,
  'domainName': (r) => r.domainName,
  'domainPrefix': (r) => r.domainName.split('.')[0],
  'httpMethod': (r) => r.method,
  'identity.sourceIp': (r) => r.sourceIp,
  'identity.userAgent': (r) => headerValue(r, 'user-agent') ?? '',
  'path': (r) => r.rawPath,
  'protocol': (r) => r.protocol,
  'requestId': (r) => r.requestId,
  'requestTime': (r) => clfTime(r.time),
  'requestTimeEpoch': (r) => String(r.time.getTime()),
  'routeKey': (r) => r.routeKey,
  'stage': (r) => r.stage,
};

/**
 * Parses an identity source selection expression: `$request.header.X`, `$request.querystring.x`,
 * `$context.x` or `$stageVariables.x`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.identity-sources
 */
export function parseIdentitySource(expression: string): IdentitySource | undefined {
  const match = /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/.exec(expression);
  if (!match) {
    return undefined;
  }
  const kinds: Record<string, IdentitySource['kind']> = {
    'request.header': 'header', 'request.querystring': 'querystring', 'context': 'context', 'stageVariables': 'stageVariables',
  };
  return { expression, kind: kinds[match[1]], name: match[2] };
}

/**
 * The value of each identity source for a request, in order; `undefined` when one is missing or
 * empty ("verifying all of the identity-related request parameters are present in the request,
 * not null, and non-empty"). Header names are case-insensitive, query string names are not.
 */
export function identityValues(sources: readonly IdentitySource[], request: ApiRequest): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    let value: string | undefined;
    switch (source.kind) {
      case 'header':
        value = headerValue(request, source.name.toLowerCase());
        break;
      case 'querystring':
        value = queryParameters(request.rawQueryString).get(source.name)?.join(',');
        break;
      case 'context':
        value = CONTEXT_VARIABLES[source.name]?.(request);
        break;
      case 'stageVariables':
        value = request.stageVariables[source.name];
        break;
    }
    if (value === undefined || value === '') {
      return undefined;
    }
    values.push(value);
  }
  return values;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function identitySources(value: unknown, name: string, logicalId: string): IdentitySource[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new DeployError(`Authorizer ${name}: IdentitySource must be a list of strings`);
  }
  return value.map((expression: string) => {
    const source = parseIdentitySource(expression);
    if (!source) {
      throw new DeployError(`Authorizer ${name}: IdentitySource "${expression}" is not a selection expression; `
        + 'use $request.header.<name>, $request.querystring.<name>, $context.<variable> or $stageVariables.<name>');
    }
    if (source.kind === 'context' && !CONTEXT_VARIABLES[source.name]) {
      throw new NotSupportedError(`identity source ${expression} (context variables emulated: ${Object.keys(CONTEXT_VARIABLES).join(', ')})`, logicalId);
    }
    return source;
  });
}

/**
 * The function ARN inside a Lambda authorizer URI
 * `arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<functionArn>/invocations`.
 */
export function authorizerFunctionArn(uri: string): string | undefined {
  return /^arn:[^:]+:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(arn:[^:]+:lambda:[^/]+)\/invocations$/.exec(uri)?.[1];
}

/**
 * Validates the properties of an `AWS::ApiGatewayV2::Authorizer` for an HTTP API that has
 * `existing` authorizers already, and returns the authorizer.
 */
export function authorizerFromProperties(
  p: Record<string, any>, authorizerId: string, existing: number, logicalId: string,
): AuthorizerConfig {
  const name: string = p.Name;
  if (typeof name !== 'string' || name === '') {
    throw new DeployError('Authorizer Name is required');
  }
  if (existing >= AUTHORIZERS_PER_API_QUOTA) {
    throw new DeployError(`Authorizer ${name}: an HTTP API has at most ${AUTHORIZERS_PER_API_QUOTA} authorizers`);
  }
  const sources = identitySources(p.IdentitySource, name, logicalId);
  if (p.AuthorizerType === 'JWT') {
    for (const property of ['AuthorizerUri', 'AuthorizerCredentialsArn', 'AuthorizerPayloadFormatVersion', 'AuthorizerResultTtlInSeconds', 'EnableSimpleResponses']) {
      if (p[property] !== undefined) {
        throw new DeployError(`Authorizer ${name}: ${property} is supported only for REQUEST authorizers, not JWT`);
      }
    }
    const jwt = p.JwtConfiguration;
    if (!jwt || typeof jwt.Issuer !== 'string' || jwt.Issuer === '') {
      throw new DeployError(`Authorizer ${name}: a JWT authorizer needs JwtConfiguration with an Issuer`);
    }
    const audiences: unknown = jwt.Audience ?? [];
    if (!Array.isArray(audiences) || audiences.some((a) => typeof a !== 'string')) {
      throw new DeployError(`Authorizer ${name}: JwtConfiguration.Audience must be a list of strings`);
    }
    if (audiences.length > AUDIENCES_PER_AUTHORIZER_QUOTA) {
      throw new DeployError(`Authorizer ${name}: JwtConfiguration.Audience has ${audiences.length} entries, at most ${AUDIENCES_PER_AUTHORIZER_QUOTA} are allowed`);
    }
    // "For JWT, a single entry ... Currently only header-based and query parameter-based selections are supported."
    if (sources.length !== 1 || (sources[0].kind !== 'header' && sources[0].kind !== 'querystring')) {
      throw new DeployError(`Authorizer ${name}: a JWT authorizer needs exactly one IdentitySource, $request.header.<name> or $request.querystring.<name>, `
        + `got ${JSON.stringify(p.IdentitySource ?? [])}`);
    }
    return { type: 'JWT', authorizerId, name, issuer: jwt.Issuer, audiences: audiences as string[], identitySource: sources[0] };
  }
  if (p.AuthorizerType !== 'REQUEST') {
    throw new DeployError(`Authorizer ${name}: AuthorizerType must be REQUEST or JWT for an HTTP API, got ${p.AuthorizerType ?? '(none)'}`);
  }
  if (p.JwtConfiguration !== undefined) {
    throw new DeployError(`Authorizer ${name}: JwtConfiguration is supported only for JWT authorizers, not REQUEST`);
  }
  const uri = p.AuthorizerUri;
  if (typeof uri !== 'string' || uri === '') {
    throw new DeployError(`Authorizer ${name}: AuthorizerUri is required for a REQUEST authorizer`);
  }
  const functionArn = authorizerFunctionArn(uri);
  if (!functionArn) {
    throw new DeployError(`Authorizer ${name}: AuthorizerUri ${uri} is not a Lambda function URI `
      + '(arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations)');
  }
  const version = p.AuthorizerPayloadFormatVersion;
  if (!isPayloadFormatVersion(version)) {
    throw new DeployError(`Authorizer ${name}: AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for a Lambda authorizer, got ${version ?? '(none)'}`);
  }
  const simpleResponses = isTrue(p.EnableSimpleResponses);
  if (simpleResponses && version !== '2.0') {
    throw new DeployError(`Authorizer ${name}: EnableSimpleResponses is supported only with AuthorizerPayloadFormatVersion 2.0, got ${version}`);
  }
  const ttlSeconds = p.AuthorizerResultTtlInSeconds === undefined ? 0 : Number(p.AuthorizerResultTtlInSeconds);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > AUTHORIZER_CACHE_MAX_SECONDS) {
    throw new DeployError(`Authorizer ${name}: AuthorizerResultTtlInSeconds must be a whole number from 0 to ${AUTHORIZER_CACHE_MAX_SECONDS}, got ${p.AuthorizerResultTtlInSeconds}`);
  }
  // "To enable caching, your authorizer must have at least one identity source."
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.caching
  if (ttlSeconds > 0 && sources.length === 0) {
    throw new DeployError(`Authorizer ${name}: AuthorizerResultTtlInSeconds ${ttlSeconds} needs at least one IdentitySource (the cache key)`);
  }
  return {
    type: 'REQUEST',
    authorizerId,
    name,
    functionArn,
    credentialsArn: p.AuthorizerCredentialsArn,
    payloadFormatVersion: version,
    simpleResponses,
    identitySources: sources,
    ttlSeconds,
  };
}

/**
 * Validates a route's `AuthorizationType`, `AuthorizerId` and `AuthorizationScopes` against the
 * API's authorizers. CUSTOM needs a REQUEST authorizer, JWT a JWT authorizer; scopes are for JWT.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-route.html
 */
export function routeAuthorizationFromProperties(
  p: Record<string, any>, authorizers: ReadonlyMap<string, AuthorizerConfig>,
): RouteAuthorization {
  const type = p.AuthorizationType ?? 'NONE';
  if (!['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'].includes(type)) {
    throw new DeployError(`Route ${p.RouteKey}: AuthorizationType must be NONE, AWS_IAM, CUSTOM or JWT for an HTTP API, got ${type}`);
  }
  const scopes: unknown = p.AuthorizationScopes ?? [];
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string')) {
    throw new DeployError(`Route ${p.RouteKey}: AuthorizationScopes must be a list of strings`);
  }
  if (scopes.length > 0 && type !== 'JWT') {
    // Wording as AWS gives it (obs): https://github.com/aws/aws-cdk/pull/27576
    throw new DeployError(`Route ${p.RouteKey}: Invalid Route authorization type specified. Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types`);
  }
  if (scopes.length > SCOPES_PER_ROUTE_QUOTA) {
    throw new DeployError(`Route ${p.RouteKey}: AuthorizationScopes has ${scopes.length} entries, at most ${SCOPES_PER_ROUTE_QUOTA} are allowed`);
  }
  const authorizerId: string | undefined = p.AuthorizerId;
  if (type === 'NONE' || type === 'AWS_IAM') {
    if (authorizerId !== undefined) {
      throw new DeployError(`Route ${p.RouteKey}: AuthorizerId ${authorizerId} needs AuthorizationType CUSTOM or JWT, got ${type}`);
    }
    return { authorizationType: type, authorizationScopes: [] };
  }
  if (authorizerId === undefined) {
    throw new DeployError(`Route ${p.RouteKey}: AuthorizationType ${type} needs an AuthorizerId`);
  }
  const authorizer = authorizers.get(authorizerId);
  if (!authorizer) {
    throw new DeployError(`Route ${p.RouteKey}: Invalid authorizer identifier specified ${authorizerId}: no such authorizer on this API`);
  }
  const expected = type === 'CUSTOM' ? 'REQUEST' : 'JWT';
  if (authorizer.type !== expected) {
    throw new DeployError(`Route ${p.RouteKey}: AuthorizationType ${type} needs a ${expected} authorizer, but ${authorizer.name} (${authorizerId}) is ${authorizer.type}`);
  }
  return { authorizationType: type, authorizerId, authorizationScopes: scopes as string[] };
}
