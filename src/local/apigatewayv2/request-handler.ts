import { randomBytes } from 'crypto';
import * as http from 'http';
import { formatAccessLog } from './access-log';
import { ApiRequest, ApiResponse, MalformedResponseError } from './api-request';
import { isPreflight, preflightResponse, withCorsHeaders } from './cors';
import {
  GatewayError, INTERNAL_SERVER_ERROR, NOT_FOUND, PAYLOAD_TOO_LARGE, SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS,
} from './error-responses';
import { StoredApi, StoredIntegration, StoredStage } from './http-api-model';
import { eventV1, responseV1 } from './payload-v1';
import { eventV2, responseV2 } from './payload-v2';
import { requestProblem } from './request-checks';
import { TokenBucket } from './throttle';
import { IamService } from '../iam/iam-service';
import { PolicyStatement } from '../iam/policy-document';
import { evaluate } from '../iam/policy-evaluation';
import { LambdaServiceException } from '../lambda/lambda-errors';

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

class GatewayAnswer extends Error {
  /**
   * @param integrationError `$context.integrationErrorMessage`
   * @param integrationStatus `$context.integrationStatus`: the Lambda service's status code
   */
  constructor(readonly error: GatewayError, readonly integrationError?: string, readonly integrationStatus?: number) {
    super(error.message);
  }
}

// API Gateway's request ids look like `Ab1CdEfGhIjKlM=`.
function newRequestId(): string {
  return randomBytes(10).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

/** The client's connection failed before its body arrived (it hung up, or sent a malformed body). */
class ClientGone extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
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
  constructor(private readonly options: RequestHandlerOptions) {}

  public async handle(api: StoredApi, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const started = Date.now();
    let response: ApiResponse;
    let routeKey = '-';
    let stage: StoredStage | undefined;
    let integrationError: string | undefined;
    let integrationStatus: number | undefined;
    let gatewayError: GatewayError | undefined;
    const preflight = api.cors !== undefined && isPreflight(req);
    try {
      const problem = requestProblem(req);
      if (problem) {
        this.options.log(`[apigateway] ${api.displayName}: ${problem.error.status} ${problem.error.message}: ${problem.reason}`);
        throw new GatewayAnswer(problem.error);
      }
      if (preflight) {
        // Answered by API Gateway itself, whatever the routes.
        response = preflightResponse(api.cors!, req.headers.origin!);
      } else {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const rawPath = url.pathname;
        const selected = this.selectStage(api, rawPath);
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
        };
        this.checkInvokeGrant(api, request, integration);
        response = await this.invoke(integration, request);
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
      } else {
        this.options.log(`[apigateway] ${api.displayName}: ${(error as Error).stack ?? error}`);
      }
      response = errorResponse(gatewayError);
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
        'requestTime': new Date(started).toUTCString(),
        'requestTimeEpoch': started,
        'identity.sourceIp': (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
        'identity.userAgent': req.headers['user-agent'],
        'integrationErrorMessage': integrationError,
        'integrationStatus': integrationStatus,
        'error.message': gatewayError?.message,
      }));
    }
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
   * What API Gateway checks before invoking: the integration's role (trusted by API Gateway and
   * allowed lambda:InvokeFunction), or else the function's resource policy for this API's ARN.
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
   */
  private checkInvokeGrant(api: StoredApi, request: ApiRequest, integration: StoredIntegration): void {
    const { region, accountId, partition, iam, lambda, log } = this.options;
    const deny = (reason: string): never => {
      log(`[apigateway] ${api.displayName} ${request.routeKey}: cannot invoke ${integration.functionArn}: ${reason}`);
      // https://repost.aws/knowledge-center/api-gateway-http-lambda-integrations
      throw new GatewayAnswer(INTERNAL_SERVER_ERROR,
        'The IAM role configured on the integration or API Gateway doesn\'t have permissions to call the integration. Check the permissions and try again.');
    };
    const policy = lambda.policyStatements(integration.functionArn);
    if (!policy) {
      deny('no such function');
    }
    if (integration.credentialsArn) {
      const roleArn = integration.credentialsArn;
      if (!iam.hasRole(roleArn)) {
        deny(`role ${roleArn} does not exist`);
      }
      if (!iam.canAssume(roleArn, 'apigateway.amazonaws.com')) {
        deny(`role ${roleArn} does not trust apigateway.amazonaws.com (sts:AssumeRole)`);
      }
      if (iam.authorize(roleArn, { action: 'lambda:InvokeFunction', resource: integration.functionArn }) !== 'Allow') {
        deny(`role ${roleArn} is not allowed lambda:InvokeFunction on ${integration.functionArn}`);
      }
      return;
    }
    const sourceArn = `arn:${partition}:execute-api:${region}:${accountId}:${api.apiId}/${routeArnSuffix(request.stage, request.method, request.routeKey)}`;
    const decision = evaluate(policy ?? [], {
      action: 'lambda:InvokeFunction',
      resource: integration.functionArn,
      principal: { Service: 'apigateway.amazonaws.com' },
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': accountId },
    });
    if (decision !== 'Allow') {
      deny(`no resource-policy statement allows apigateway.amazonaws.com to call lambda:InvokeFunction with SourceArn ${sourceArn}`);
    }
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

function errorResponse(error: GatewayError): ApiResponse {
  return {
    status: error.status,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message: error.message })),
  };
}
