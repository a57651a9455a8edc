import * as http from 'http';
import { AccessLogContext, formatAccessLog } from './access-log';
import { ApiRequest, ApiResponse, MalformedResponseError, clfTime } from './api-request';
import { isPreflight, preflightResponse, withCorsHeaders } from './cors';
import { CustomDomains } from './custom-domains';
import {
  GatewayAnswer, GatewayError, INTERNAL_SERVER_ERROR, NOT_FOUND, PAYLOAD_TOO_LARGE, SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS,
} from './error-responses';
import { StoredApi, StoredIntegration, StoredStage } from './http-api-model';
import { invokeGrantProblem } from './invoke-grant';
import { eventV1, responseV1 } from './payload-v1';
import { eventV2, responseV2 } from './payload-v2';
import { requestProblem } from './request-checks';
import { RouteAuthorizer } from './authorization/route-authorizer';
import { TokenBucket } from './throttle';
import { IamService } from '../iam/iam-service';
import { PolicyStatement } from '../iam/policy-document';
import { LambdaServiceException } from '../lambda/lambda-errors';
import { pooledRandomBytes } from '../random-ids';

/** Request payload quota of HTTP APIs. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

/** What the request handler needs from Lambda. */
export interface LambdaBackend {
  invoke(functionArn: string, payload: Buffer): Promise<{ payload: Buffer; functionError?: string }>;
  /** The function's resource policy, or `undefined` when there is no such function. */
  policyStatements(functionArn: string): PolicyStatement[] | undefined;
}

export interface RequestHandlerOptions {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly iam: IamService;
  readonly lambda: LambdaBackend;
  readonly log: (line: string) => void;
}

// API Gateway's request ids look like `Ab1CdEfGhIjKlM=`.
function newRequestId(): string {
  return pooledRandomBytes(10).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

/** The client's connection failed before its body arrived (it hung up, or sent a malformed body). */
class ClientGone extends Error {}

const NO_BODY = Buffer.alloc(0);

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3):
  // nothing to wait for.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(NO_BODY);
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_REQUEST_BODY_BYTES) {
      resolve(undefined);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', (error) => reject(new ClientGone(error.message)));
  });
}

/** The part of an `execute-api` ARN after the API id for a route: `stage/METHOD/path` or `stage/$default`. */
function routeArnSuffix(stage: string, method: string, routeKey: string): string {
  if (routeKey === '$default') {
    return `${stage}/$default`;
  }
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
  const path = routeKey.split(' ')[1];
  return `${stage}/${method}${path}`;
}

/** Answers the HTTP requests of one API as API Gateway would. */
export class RequestHandler {
  private readonly authorizer: RouteAuthorizer;
  /**
   * Invoke grants found so far, by function, role and source ARN. Deployed permissions only
   * change when a resource is created, which clears it (forgetInvokeGrants); evaluating IAM
   * policies on every request would cost more than the rest of API Gateway's work.
   */
  private readonly grants = new Set<string>();

  constructor(private readonly options: RequestHandlerOptions, private readonly domains: CustomDomains) {
    this.authorizer = new RouteAuthorizer(options);
  }

  /**
   * Answers a request to `serverApi`'s local server: through a custom domain's API mapping when
   * the Host header names one (whatever API it maps to), else as the API's execute-api endpoint.
   */
  public async handle(serverApi: StoredApi, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const started = Date.now();
    let api = serverApi;
    let response: ApiResponse;
    let routeKey = '-';
    let stage: StoredStage | undefined;
    let integrationError: string | undefined;
    let integrationStatus: number | undefined;
    let integrationLatency: number | undefined;
    let gatewayError: GatewayError | undefined;
    let answerHeaders: ReadonlyArray<readonly [string, string]> = [];
    let responseType: string | undefined;
    let basePathMatched: string | undefined;
    let authorizerLog: AccessLogContext = {};
    let preflight = false;
    try {
      const problem = requestProblem(req);
      if (problem) {
        this.options.log(`[apigateway] ${api.displayName}: ${problem.error.status} ${problem.error.message}: ${problem.reason}`);
        throw new GatewayAnswer(problem.error);
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const rawPath = url.pathname;
      let selected: { stage: StoredStage; path: string } | undefined;
      const domain = this.domains.resolve(req.headers.host, rawPath);
      if (domain) {
        if (!domain.target) {
          // (unconfirmed) A custom domain path that no API mapping matches.
          this.options.log(`[apigateway] ${domain.domainName}: 404 Not Found: no API mapping of the custom domain matches ${rawPath}`);
          throw new GatewayAnswer(NOT_FOUND);
        }
        api = domain.target.api;
        basePathMatched = domain.target.basePathMatched;
        selected = domain.target.stage.deployed ? { stage: domain.target.stage, path: domain.target.path } : undefined;
      } else if (api.disableExecuteApiEndpoint) {
        // "You receive ... an HTTP '404 Not Found' error for HTTP APIs" (the body is unconfirmed).
        // https://repost.aws/knowledge-center/api-gateway-disable-endpoint
        this.options.log(`[apigateway] ${api.displayName}: 404 Not Found: the default (execute-api) endpoint is disabled `
          + `(DisableExecuteApiEndpoint); use a custom domain name (Host header ${JSON.stringify(req.headers.host ?? '')} names none)`);
        throw new GatewayAnswer(NOT_FOUND);
      } else {
        selected = this.selectStage(api, rawPath);
      }
      preflight = api.cors !== undefined && isPreflight(req);
      if (preflight) {
        // Answered by API Gateway itself, whatever the routes.
        response = preflightResponse(api.cors!, req.headers.origin!);
      } else {
        stage = selected?.stage;
        if (!selected) {
          throw new GatewayAnswer(NOT_FOUND);
        }
        const method = req.method ?? 'GET';
        const match = api.routeTable.match(method, selected.path);
        const route = match ? api.routes.get(match.routeKey) : undefined;
        if (!match || !route?.integrationId) {
          throw new GatewayAnswer(NOT_FOUND);
        }
        routeKey = match.routeKey;
        if (!this.admit(selected.stage, routeKey)) {
          throw new GatewayAnswer(TOO_MANY_REQUESTS);
        }
        const body = await readBody(req);
        if (!body) {
          throw new GatewayAnswer(PAYLOAD_TOO_LARGE);
        }
        const integration = api.integrations.get(route.integrationId);
        if (!integration) {
          throw new GatewayAnswer(INTERNAL_SERVER_ERROR, `integration ${route.integrationId} does not exist`);
        }
        const request: ApiRequest = {
          requestId,
          apiId: api.apiId,
          accountId: this.options.accountId,
          stage: selected.stage.stageName,
          routeKey,
          method,
          rawPath,
          rawQueryString: url.search.replace(/^\?/, ''),
          headers: pairs(req.rawHeaders),
          body,
          sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          protocol: `HTTP/${req.httpVersion}`,
          domainName: req.headers.host ?? `${api.apiId}.execute-api.${this.options.region}.amazonaws.com`,
          time: new Date(started),
          pathParameters: match.pathParameters,
          stageVariables: selected.stage.stageVariables,
          routedPath: selected.path,
        };
        const outcome = await this.authorizer.authorize(api, route, request);
        authorizerLog = outcome.logVariables;
        const authorized: ApiRequest = outcome.authorization ? { ...request, authorization: outcome.authorization } : request;
        this.checkInvokeGrant(api, authorized, integration);
        const integrationStarted = Date.now();
        try {
          response = await this.invoke(integration, authorized);
        } finally {
          integrationLatency = Date.now() - integrationStarted;
        }
        integrationStatus = 200;
      }
    } catch (error) {
      if (error instanceof ClientGone) {
        // Nobody to answer: the client hung up, or its malformed body was answered 400 by the
        // server's clientError listener (whose answer must not be cut off).
        this.options.log(`[apigateway] ${api.displayName}: the client's connection failed before its request body arrived (${error.message})`);
        if (!req.socket.writableEnded) res.destroy();
        return;
      }
      gatewayError = error instanceof GatewayAnswer ? error.error : INTERNAL_SERVER_ERROR;
      if (error instanceof GatewayAnswer) {
        integrationError = error.integrationError;
        integrationStatus = error.integrationStatus;
        answerHeaders = error.details.headers ?? [];
        responseType = error.details.responseType;
        authorizerLog = { ...authorizerLog, ...error.details.logVariables };
      } else {
        this.options.log(`[apigateway] ${api.displayName}: ${(error as Error).stack ?? error}`);
      }
      response = errorResponse(gatewayError, answerHeaders);
    }
    const origin = req.headers.origin;
    if (api.cors && origin && !preflight) {
      response = withCorsHeaders(api.cors, origin, response);
    }
    // API Gateway sets the length of what it sends, whatever the function said.
    const headers = response.headers.filter(([name]) => name !== 'content-length');
    headers.push(['content-length', String(response.body.length)], ['apigw-requestid', requestId]);
    res.writeHead(response.status, headers.flat());
    res.end(response.body);
    if (stage?.accessLog) {
      this.options.log(`[${stage.accessLog.destinationArn.split(':log-group:')[1]?.replace(/:\*$/, '') ?? 'access-log'}] ` + formatAccessLog(stage.accessLog.format, {
        ...authorizerLog,
        'requestId': requestId,
        'extendedRequestId': requestId,
        'apiId': api.apiId,
        'accountId': this.options.accountId,
        'stage': stage.stageName,
        'routeKey': routeKey,
        'httpMethod': req.method,
        'path': req.url,
        'protocol': `HTTP/${req.httpVersion}`,
        'status': response.status,
        'responseLength': response.body.length,
        'responseLatency': Date.now() - started,
        'requestTime': clfTime(new Date(started)),
        'requestTimeEpoch': started,
        'identity.sourceIp': (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
        'identity.userAgent': req.headers['user-agent'],
        'integrationErrorMessage': integrationError,
        'integrationStatus': integrationStatus,
        'integrationLatency': integrationLatency,
        'error.message': gatewayError?.message,
        'error.responseType': responseType,
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
        'customDomain.basePathMatched': basePathMatched,
      }));
    }
  }

  /** Forgets the grants found so far: a permission may have changed. */
  public forgetInvokeGrants(): void {
    this.grants.clear();
  }

  /** The stage a path names (its first segment), else `$default`; the rest of the path is routed. */
  private selectStage(api: StoredApi, rawPath: string): { stage: StoredStage; path: string } | undefined {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
    const first = rawPath.split('/')[1];
    const named = first ? api.stages.get(decodeSegment(first)) : undefined;
    if (named && named.stageName !== '$default' && named.deployed) {
      return { stage: named, path: rawPath.slice(first.length + 1) || '/' };
    }
    const fallback = api.stages.get('$default');
    return fallback?.deployed ? { stage: fallback, path: rawPath } : undefined;
  }

  private admit(stage: StoredStage, routeKey: string): boolean {
    const limits = stage.routeLimits.get(routeKey) ?? stage.defaultLimits;
    if (!limits) {
      return true;
    }
    let bucket = stage.buckets.get(routeKey);
    if (!bucket) {
      bucket = new TokenBucket(limits);
      stage.buckets.set(routeKey, bucket);
    }
    return bucket.take();
  }

  /**
   * What API Gateway checks before invoking the integration's function (invoke-grant.ts); no
   * grant answers 500.
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
   */
  private checkInvokeGrant(api: StoredApi, request: ApiRequest, integration: StoredIntegration): void {
    const { region, accountId, partition, log } = this.options;
    const sourceArn = `arn:${partition}:execute-api:${region}:${accountId}:${api.apiId}/${routeArnSuffix(request.stage, request.method, request.routeKey)}`;
    const key = `${integration.functionArn} ${integration.credentialsArn ?? ''} ${sourceArn}`;
    if (this.grants.has(key)) return;
    const problem = invokeGrantProblem(this.options, { functionArn: integration.functionArn, credentialsArn: integration.credentialsArn, sourceArn });
    if (!problem) {
      this.grants.add(key);
      return;
    }
    log(`[apigateway] ${api.displayName} ${request.routeKey}: cannot invoke ${integration.functionArn}: ${problem}`);
    // https://repost.aws/knowledge-center/api-gateway-http-lambda-integrations
    throw new GatewayAnswer(INTERNAL_SERVER_ERROR,
      'The IAM role configured on the integration or API Gateway doesn\'t have permissions to call the integration. Check the permissions and try again.');
  }

  private async invoke(integration: StoredIntegration, request: ApiRequest): Promise<ApiResponse> {
    const routePath = request.routeKey === '$default' ? '$default' : request.routeKey.split(' ')[1];
    const event = integration.payloadFormatVersion === '1.0' ? eventV1(request, routePath) : eventV2(request);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new GatewayAnswer(SERVICE_UNAVAILABLE, 'Integration timeout')), integration.timeoutMillis);
    });
    try {
      const result = await Promise.race([this.options.lambda.invoke(integration.functionArn, Buffer.from(JSON.stringify(event))), timeout]);
      if (result.functionError) {
        this.options.log(`[apigateway] ${request.routeKey}: the function answered an error: ${result.payload.toString('utf-8').slice(0, 1000)}`);
        // Lambda's Invoke itself succeeded (200, with X-Amz-Function-Error).
        throw new GatewayAnswer(INTERNAL_SERVER_ERROR, 'The Lambda function returned an error', 200);
      }
      return integration.payloadFormatVersion === '1.0' ? responseV1(result.payload) : responseV2(result.payload);
    } catch (error) {
      if (error instanceof MalformedResponseError) {
        this.options.log(`[apigateway] ${request.routeKey}: malformed Lambda proxy response: ${error.message}`);
        throw new GatewayAnswer(INTERNAL_SERVER_ERROR, 'Malformed Lambda proxy response', 200);
      }
      if (error instanceof LambdaServiceException) {
        // Lambda refused the invocation (throttled: 429 TooManyRequestsException): API Gateway
        // answers 500, not 429. https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html
        const reason = error.reason ? ` (${error.reason})` : '';
        this.options.log(`[apigateway] ${request.routeKey}: Lambda refused the invocation: ${error.statusCode} ${error.name}${reason}: ${error.message}`);
        throw new GatewayAnswer(INTERNAL_SERVER_ERROR, error.message, error.statusCode);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A path segment, URL-decoded when it can be (request-checks.ts refuses the rest first). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function pairs(rawHeaders: string[]): Array<readonly [string, string]> {
  const result: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    result.push([rawHeaders[i], rawHeaders[i + 1]]);
  }
  return result;
}

function errorResponse(error: GatewayError, extraHeaders: ReadonlyArray<readonly [string, string]> = []): ApiResponse {
  return {
    status: error.status,
    headers: [['content-type', 'application/json'], ...extraHeaders.map(([name, value]): [string, string] => [name, value])],
    body: Buffer.from(JSON.stringify({ message: error.message })),
  };
}
