import { AccessLogContext } from '../access-log';
import { ApiRequest, RequestAuthorization } from '../api-request';
import { identityValues, JwtAuthorizerConfig, LambdaAuthorizerConfig } from './authorizer-config';
import { FORBIDDEN, GatewayAnswer, GatewayError, INTERNAL_SERVER_ERROR, UNAUTHORIZED } from '../error-responses';
import { GatewayContext, executeApiArn } from '../gateway-context';
import { StoredApi, StoredRoute } from '../http-api-model';
import { IamCaller, parseSigV4, iamAuthorizerContext, iamIdentityV1 } from './iam-authorization';
import { KnownCredential } from './iam-credentials';
import { invokeGrantProblem } from '../invoke-grant';
import { checkJwt, integrationClaims, tokenOf, verifyJwt } from './jwt-authorizer';
import { JwtKeySource, JwtKeyStore } from './jwt-keys';
import {
  AUTHORIZER_EVENTS, AUTHORIZER_TIMEOUT_MILLIS, AuthorizerAnswer, answerAllows, MalformedAuthorizerAnswer, parseAuthorizerAnswer,
} from './lambda-authorizer';
import { verifySigV4, INVALID_SECURITY_TOKEN, INVALID_SECURITY_TOKEN_TYPE, SigV4Failure } from './sigv4-verification';
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
  expiredToken: 'EXPIRED_TOKEN',
} as const;

/** The response type of each way a SigV4 verification fails (an unknown key or token: unconfirmed). */
const SIGV4_RESPONSE_TYPES: Record<SigV4Failure, string> = {
  token: RESPONSE_TYPES.accessDenied,
  expired: RESPONSE_TYPES.expiredToken,
  signature: RESPONSE_TYPES.invalidSignature,
};

/**
 * The ARN of the request's route as authorizers and IAM policies see it:
 * `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`.
 * (unconfirmed) It names the request's method and stage-relative path, as a REST API's methodArn does.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 */
function requestArn(api: StoredApi, request: ApiRequest): string {
  return executeApiArn(api, `${request.stage}/${request.method}${request.routedPath ?? request.rawPath}`);
}

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

  /** The access keys AWS_IAM routes know, by access key id. */
  private readonly credentials: ReadonlyMap<string, KnownCredential>;
  /** Identities already logged as having policies the offline cloud does not know. */
  private readonly unevaluated = new Set<string>();

  constructor(private readonly options: RouteAuthorizerOptions) {
    this.jwtKeys = options.jwtKeys === 'unverified' ? undefined : options.jwtKeys ?? new JwtKeyStore({ log: options.log });
    this.credentials = new Map((options.iamCredentials ?? []).map((credential) => [credential.accessKeyId, credential]));
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
    // One line: a signature mismatch's body goes on with the canonical request AWS expected.
    this.options.log(`[apigateway] ${api.displayName} ${request.routeKey}: ${error.status} ${error.message.split('\n')[0]}: ${reason}`);
    return new GatewayAnswer(error, undefined, undefined, {
      headers: extra.headers,
      responseType,
      logVariables: { 'authorizer.error': reason, ...extra.logVariables },
    });
  }

  /**
   * AWS_IAM: the SigV4 signature is verified with the secret key of the access key it names, then
   * the caller's identity-based policies must allow `execute-api:Invoke` on the route's ARN.
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
   */
  private async authorizeIam(api: StoredApi, request: ApiRequest): Promise<AuthorizationOutcome> {
    const parsed = parseSigV4(request, api.location.region);
    if (!parsed.ok) {
      // (unconfirmed) 403 {"message":"Forbidden"} for a missing or malformed signature; REST APIs
      // answer "Missing Authentication Token" and name the problem instead.
      throw this.refuse(api, request, FORBIDDEN, parsed.missing ? RESPONSE_TYPES.missingToken : RESPONSE_TYPES.invalidSignature,
        `AWS_IAM route: ${parsed.reason}`);
    }
    const { signature } = parsed;
    const credential = this.credentials.get(signature.accessKey);
    if (!credential) {
      // An access key IAM does not know. https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden
      throw this.refuse(api, request, INVALID_SECURITY_TOKEN, SIGV4_RESPONSE_TYPES.token,
        `AWS_IAM route: access key ${signature.accessKey} is not one the offline cloud knows `
        + `(${this.credentials.size === 0 ? 'it knows none' : `it knows ${[...this.credentials.keys()].join(', ')}`}; `
        + 'give keys with --iam-credentials <file>, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for graviton-local)',
        { headers: [['x-amzn-errortype', INVALID_SECURITY_TOKEN_TYPE]] });
    }
    const check = await verifySigV4(request, signature, credential, new Date());
    if (!check.ok) {
      throw this.refuse(api, request, check.error, SIGV4_RESPONSE_TYPES[check.kind],
        `AWS_IAM route: ${check.reason}`, { headers: [['x-amzn-errortype', check.errorType]] });
    }
    this.checkInvokePolicy(api, request, credential);
    const caller: IamCaller = { accessKey: signature.accessKey, arn: credential.arn };
    return {
      authorization: { v2: iamAuthorizerContext(caller), v1Identity: iamIdentityV1(caller) },
      // "Supported for routes that use IAM authorization" (unknown offline: caller, user).
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
      logVariables: { 'identity.accountId': credential.arn?.split(':')[4], 'identity.userArn': credential.arn },
    };
  }

  /**
   * The caller's identity-based policies must allow `execute-api:Invoke` on the route's ARN
   * (`<apiId>/<stage>/<METHOD>/<path>`), when the identity is a role or user the templates
   * deployed; for any other identity (or none: the environment's credentials) its policies are
   * not known, which is logged once, and the request passes.
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
   */
  private checkInvokePolicy(api: StoredApi, request: ApiRequest, credential: KnownCredential): void {
    const resource = requestArn(api, request);
    const decision = credential.arn === undefined ? undefined : this.options.iam.identityDecision(credential.arn, {
      action: 'execute-api:Invoke',
      resource,
      context: { 'aws:PrincipalArn': credential.arn, 'aws:PrincipalAccount': credential.arn.split(':')[4] },
    });
    if (decision === undefined) {
      const identity = credential.arn ?? credential.accessKeyId;
      if (!this.unevaluated.has(identity)) {
        this.unevaluated.add(identity);
        this.options.log(credential.arn === undefined
          ? `[apigateway] AWS_IAM routes: access key ${credential.accessKeyId} of ${credential.from} has no known identity (give it an "arn" `
            + 'in --iam-credentials to name one); its signature is verified, its execute-api:Invoke policies are not evaluated (allowed)'
          : `[apigateway] AWS_IAM routes: ${credential.arn} (${credential.from}) is not a role or user of the deployed templates; `
            + 'its signature is verified, its execute-api:Invoke policies are not evaluated (allowed)');
      }
      return;
    }
    if (decision !== 'Allow') {
      // (unconfirmed) HTTP APIs answer 403 {"message":"Forbidden"}; REST APIs answer "User: <arn> is
      // not authorized to perform: execute-api:Invoke on resource: <arn>" (… "with an explicit deny").
      // https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden
      throw this.refuse(api, request, FORBIDDEN, RESPONSE_TYPES.accessDenied,
        `AWS_IAM route: User: ${credential.arn} is not authorized to perform: execute-api:Invoke on resource: ${resource}`
        + (decision === 'Deny' ? ' with an explicit deny' : ' because no identity-based policy allows the execute-api:Invoke action'),
        { headers: [['x-amzn-errortype', 'AccessDeniedException']] });
    }
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
    const routeArn = requestArn(api, request);
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
