import { AccessLogContext } from '../access-log';
import { ApiRequest, RequestAuthorization } from '../api-request';
import { identityValues, JwtAuthorizerConfig, LambdaAuthorizerConfig } from './authorizer-config';
import { FORBIDDEN, GatewayAnswer, GatewayError, INTERNAL_SERVER_ERROR, UNAUTHORIZED } from '../error-responses';
import { GatewayContext, executeApiArn } from '../gateway-context';
import { StoredApi, StoredRoute } from '../http-api-model';
import { parseSigV4, iamAuthorizerContext, iamIdentityV1 } from './iam-authorization';
import { invokeGrantProblem } from '../invoke-grant';
import { checkJwt, integrationClaims, tokenOf, verifyJwt } from './jwt-authorizer';
import { JwtKeySource, JwtKeyStore } from './jwt-keys';
import {
  AUTHORIZER_EVENTS, AUTHORIZER_TIMEOUT_MILLIS, AuthorizerAnswer, answerAllows, MalformedAuthorizerAnswer, parseAuthorizerAnswer,
} from './lambda-authorizer';
import { LambdaServiceException } from '../../lambda/lambda-errors';

/** What authorizing needs: IAM and Lambda for invoke grants, the log. */
export type RouteAuthorizerOptions = GatewayContext;

/** A request that passed its route's authorization: what the integration and the access log get. */
export interface AuthorizationOutcome {
  readonly authorization?: RequestAuthorization;
  readonly logVariables: AccessLogContext;
}

/**
 * `$context.error.responseType` of each refusal: the gateway response types of API Gateway
 * (documented for REST APIs; for HTTP APIs unconfirmed).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
const RESPONSE_TYPES = {
  unauthorized: 'UNAUTHORIZED',
  accessDenied: 'ACCESS_DENIED',
  authorizerFailure: 'AUTHORIZER_FAILURE',
  authorizerConfiguration: 'AUTHORIZER_CONFIGURATION_ERROR',
  missingToken: 'MISSING_AUTHENTICATION_TOKEN',
  invalidSignature: 'INVALID_SIGNATURE',
} as const;

/** Cache size from which expired answers are swept on the next insert. */
const PRUNE_ABOVE_ENTRIES = 1000;

interface CachedAnswer {
  readonly expires: number;
  readonly answer: AuthorizerAnswer;
}

/**
 * Runs a route's authorization before its integration: Lambda (CUSTOM) and JWT authorizers, and
 * IAM (AWS_IAM). A refusal is thrown as a GatewayAnswer with AWS's status and body.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
 */
export class RouteAuthorizer {
  /** Lambda authorizer answers by authorizer and identity source values, while their TTL lasts. */
  private readonly cache = new Map<string, CachedAnswer>();

  /** The issuers' keys; undefined = `--jwt-unverified`. */
  private readonly jwtKeys?: JwtKeySource;

  constructor(private readonly options: RouteAuthorizerOptions) {
    this.jwtKeys = options.jwtKeys === 'unverified' ? undefined : options.jwtKeys ?? new JwtKeyStore({ log: options.log });
  }

  /** Drops expired answers once the cache is large, so a long session with many tokens stays small. */
  private pruneExpired(): void {
    if (this.cache.size < PRUNE_ABOVE_ENTRIES) {
      return;
    }
    const now = Date.now();
    for (const [key, entry] of this.cache) {
      if (entry.expires <= now) {
        this.cache.delete(key);
      }
    }
  }

  async authorize(api: StoredApi, route: StoredRoute, request: ApiRequest): Promise<AuthorizationOutcome> {
    const { authorizationType, authorizerId } = route.authorization;
    if (authorizationType === 'AWS_IAM') {
      return this.authorizeIam(api, request);
    }
    if (authorizationType === 'NONE' || authorizerId === undefined) {
      return { logVariables: {} };
    }
    const authorizer = api.authorizers.get(authorizerId);
    if (authorizer?.type === 'JWT') {
      return this.authorizeJwt(api, route, request, authorizer);
    }
    if (authorizer?.type === 'REQUEST') {
      return this.authorizeLambda(api, request, authorizer);
    }
    throw this.refuse(api, request, INTERNAL_SERVER_ERROR, RESPONSE_TYPES.authorizerConfiguration, `authorizer ${authorizerId} does not exist`);
  }

  private refuse(
    api: StoredApi, request: ApiRequest, error: GatewayError, responseType: string, reason: string,
    extra: { headers?: ReadonlyArray<readonly [string, string]>; logVariables?: AccessLogContext } = {},
  ): GatewayAnswer {
    this.options.log(`[apigateway] ${api.displayName} ${request.routeKey}: ${error.status} ${error.message}: ${reason}`);
    return new GatewayAnswer(error, undefined, undefined, {
      headers: extra.headers,
      responseType,
      logVariables: { 'authorizer.error': reason, ...extra.logVariables },
    });
  }

  /** AWS_IAM: a well-formed SigV4 signature is accepted; it is not verified offline. */
  private authorizeIam(api: StoredApi, request: ApiRequest): AuthorizationOutcome {
    const parsed = parseSigV4(request, api.location.region);
    if (!parsed.ok) {
      // (unconfirmed) 403 {"message":"Forbidden"} for a missing or malformed signature; REST APIs
      // answer "Missing Authentication Token" and name the problem instead.
      throw this.refuse(api, request, FORBIDDEN, parsed.missing ? RESPONSE_TYPES.missingToken : RESPONSE_TYPES.invalidSignature,
        `AWS_IAM route: ${parsed.reason}`);
    }
    return {
      authorization: { v2: iamAuthorizerContext(parsed.signature), v1Identity: iamIdentityV1(parsed.signature) },
      logVariables: {},
    };
  }

  private async authorizeJwt(
    api: StoredApi, route: StoredRoute, request: ApiRequest, authorizer: JwtAuthorizerConfig,
  ): Promise<AuthorizationOutcome> {
    const values = identityValues([authorizer.identitySource], request);
    if (!values) {
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
      throw this.refuse(api, request, UNAUTHORIZED, RESPONSE_TYPES.unauthorized,
        `JWT authorizer ${authorizer.name}: no token in ${authorizer.identitySource.expression}`);
    }
    const scopes = route.authorization.authorizationScopes;
    const token = tokenOf(values[0]);
    const now = Math.floor(Date.now() / 1000);
    const keys = this.jwtKeys;
    // Without keys (--jwt-unverified) the claims alone are checked.
    const result = keys
      ? await verifyJwt(token, authorizer, scopes, now, (issuer) => keys.keysFor(issuer))
      : checkJwt(token, authorizer, scopes, now);
    if (!result.ok) {
      throw this.refuse(api, request, result.error,
        result.error.status === 401 ? RESPONSE_TYPES.unauthorized : RESPONSE_TYPES.accessDenied,
        `JWT authorizer ${authorizer.name}: ${result.reason}`,
        { headers: result.wwwAuthenticate ? [['www-authenticate', result.wwwAuthenticate]] : [] });
    }
    const claims = integrationClaims(result.claims);
    // (unconfirmed) `scopes` is the token's scopes on a route with authorization scopes, else null.
    const tokenScopes = scopes.length > 0 ? [...result.tokenScopes] : null;
    const logVariables: AccessLogContext = {};
    for (const [name, value] of Object.entries(claims)) {
      logVariables[`authorizer.claims.${name}`] = value;
    }
    return {
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
      authorization: { v2: { jwt: { claims, scopes: tokenScopes } }, v1: { claims, scopes: tokenScopes } },
      logVariables,
    };
  }

  private async authorizeLambda(api: StoredApi, request: ApiRequest, authorizer: LambdaAuthorizerConfig): Promise<AuthorizationOutcome> {
    const started = Date.now();
    const values = identityValues(authorizer.identitySources, request);
    if (!values) {
      // "If the client's request doesn't include the identity sources, API Gateway doesn't
      // invoke your Lambda authorizer, and the client receives a 401 error."
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.identity-sources
      throw this.refuse(api, request, UNAUTHORIZED, RESPONSE_TYPES.unauthorized,
        `Lambda authorizer ${authorizer.name}: identity source ${authorizer.identitySources.map((s) => s.expression).join(', ')} missing or empty; `
        + 'the authorizer function is not invoked');
    }
    // (unconfirmed) The route ARN names the request's method and stage-relative path, as a REST
    // API's methodArn does.
    const routeArn = executeApiArn(api, `${request.stage}/${request.method}${request.routedPath ?? request.rawPath}`);
    // "API Gateway uses the authorizer's identity sources as the cache key."
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.caching
    const cacheKey = `${api.apiId}/${authorizer.authorizerId}\n${JSON.stringify(values)}`;
    const cached = this.cache.get(cacheKey);
    let answer: AuthorizerAnswer;
    if (cached && cached.expires > Date.now()) {
      answer = cached.answer;
    } else {
      answer = await this.invokeAuthorizer(api, request, authorizer, values, routeArn);
      if (authorizer.ttlSeconds > 0) {
        this.pruneExpired();
        this.cache.set(cacheKey, { expires: Date.now() + authorizer.ttlSeconds * 1000, answer });
      }
    }
    const principalId = answer.kind === 'policy' ? answer.principalId : undefined;
    // $context.authorizer.principalId and .<key> are HTTP API logging variables
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html);
    // .latency is documented for REST APIs only (unconfirmed for HTTP APIs):
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
    const logVariables: AccessLogContext = { 'authorizer.latency': Date.now() - started, 'authorizer.principalId': principalId };
    for (const [key, value] of Object.entries(answer.context ?? {})) {
      logVariables[`authorizer.${key}`] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    }
    if (!answerAllows(answer, routeArn)) {
      throw this.refuse(api, request, FORBIDDEN, RESPONSE_TYPES.accessDenied,
        `Lambda authorizer ${authorizer.name}: ${answer.kind === 'simple' ? 'isAuthorized is false' : `the policy does not allow execute-api:Invoke on ${routeArn}`}`,
        { logVariables });
    }
    return {
      authorization: {
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
        // (unconfirmed) principalId beside `lambda` for policy answers; `lambda` null without context.
        v2: { ...(principalId !== undefined ? { principalId } : {}), lambda: answer.context ?? null },
        // (unconfirmed) 1.0 integrations get the context keys directly, as REST APIs do.
        v1: { ...(principalId !== undefined ? { principalId } : {}), ...answer.context },
      },
      logVariables,
    };
  }

  /** Checks the grant, invokes the authorizer function and reads its answer; failures answer 500. */
  private async invokeAuthorizer(
    api: StoredApi, request: ApiRequest, authorizer: LambdaAuthorizerConfig, values: string[], routeArn: string,
  ): Promise<AuthorizerAnswer> {
    const failure = (responseType: string, reason: string): GatewayAnswer => this.refuse(
      api, request, INTERNAL_SERVER_ERROR, responseType, `Lambda authorizer ${authorizer.name} (${authorizer.functionArn}): ${reason}`);
    // Without a role, the function's resource policy must allow the authorizer's ARN.
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.example-create
    const sourceArn = executeApiArn(api, `authorizers/${authorizer.authorizerId}`);
    const problem = invokeGrantProblem(this.options, {
      functionArn: authorizer.functionArn, credentialsArn: authorizer.credentialsArn, sourceArn, sourceAccount: api.location.accountId,
    });
    if (problem) {
      // "If API Gateway doesn't have permission to invoke your function, clients receive a 500 Internal Server Error."
      throw failure(RESPONSE_TYPES.authorizerConfiguration, `cannot invoke: ${problem}`);
    }
    const event = AUTHORIZER_EVENTS[authorizer.payloadFormatVersion](request, values, routeArn);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(failure(RESPONSE_TYPES.authorizerFailure, `no answer within ${AUTHORIZER_TIMEOUT_MILLIS} ms`)), AUTHORIZER_TIMEOUT_MILLIS);
    });
    try {
      const result = await Promise.race([this.options.lambda.invoke(authorizer.functionArn, Buffer.from(JSON.stringify(event))), timeout]);
      if (result.functionError) {
        throw failure(RESPONSE_TYPES.authorizerFailure, `the function answered an error: ${result.payload.toString('utf-8').slice(0, 1000)}`);
      }
      return parseAuthorizerAnswer(result.payload, authorizer.simpleResponses);
    } catch (error) {
      if (error instanceof MalformedAuthorizerAnswer) {
        throw failure(RESPONSE_TYPES.authorizerFailure, `malformed answer: ${error.message}`);
      }
      if (error instanceof LambdaServiceException) {
        throw failure(RESPONSE_TYPES.authorizerFailure, `Lambda refused the invocation: ${error.statusCode} ${error.name}: ${error.message}`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
