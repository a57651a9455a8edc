import * as http from 'http';
import { ApiResponse } from './api-request';
import { RouteAuthorizer } from './authorization/route-authorizer';
import { isPreflight, preflightResponse } from './cors';
import { CustomDomains } from './custom-domains';
import { GatewayAnswer, GatewayError, INTERNAL_SERVER_ERROR, NOT_FOUND } from './error-responses';
import { GatewayContext } from './gateway-context';
import { StoredApi } from './http-api-model';
import { admit } from './pipeline/admit';
import { InvokeGrants } from './pipeline/check-invoke-grant';
import { chooseTarget } from './pipeline/choose-target';
import { invokeIntegration } from './pipeline/invoke-integration';
import { matchRoute } from './pipeline/match-route';
import { ClientGone, readBody } from './pipeline/read-body';
import { RequestRecord, newRequestRecord } from './pipeline/request-record';
import { routedRequest } from './pipeline/routed-request';
import { errorResponse, sendAnswer } from './pipeline/send-answer';
import { writeAccessLog } from './pipeline/write-access-log';
import { requestProblem } from './request-checks';

/**
 * Answers the HTTP requests of the APIs as API Gateway would, one named step after another
 * (pipeline/): choose the target, match the route, admit (throttle), read the body, authorize,
 * check the invoke grant, invoke, send the answer, write the access log. A step that refuses the
 * request throws a GatewayAnswer with AWS's status and body; the last two steps run for every
 * answer.
 */
export class RequestHandler {
  private readonly authorizer: RouteAuthorizer;
  private readonly grants: InvokeGrants;

  constructor(private readonly context: GatewayContext, private readonly domains: CustomDomains) {
    this.authorizer = new RouteAuthorizer(context);
    this.grants = new InvokeGrants(context);
  }

  /** Answers a request that reached `serverApi`'s local server. */
  public async handle(serverApi: StoredApi, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record = newRequestRecord(serverApi);
    let answer: ApiResponse;
    try {
      answer = await this.answer(req, record);
    } catch (error) {
      if (error instanceof ClientGone) {
        // Nobody to answer: the client hung up, or its malformed body was answered 400 by the
        // server's clientError listener (whose answer must not be cut off).
        this.context.log(`[apigateway] ${record.api.displayName}: the client's connection failed before its request body arrived (${error.message})`);
        if (!req.socket.writableEnded) res.destroy();
        return;
      }
      answer = this.refusal(error, record);
    }
    const sent = sendAnswer(req, res, record, answer);
    writeAccessLog(this.context, req, record, sent);
  }

  /** Forgets the invoke grants found so far: a permission may have changed. */
  public forgetInvokeGrants(): void {
    this.grants.forget();
  }

  /** The steps up to the integration's answer; each one that refuses throws. */
  private async answer(req: http.IncomingMessage, record: RequestRecord): Promise<ApiResponse> {
    const problem = requestProblem(req);
    if (problem) {
      this.context.log(`[apigateway] ${record.api.displayName}: ${problem.error.status} ${problem.error.message}: ${problem.reason}`);
      throw new GatewayAnswer(problem.error);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const target = chooseTarget(record.api, req, url.pathname, this.domains, this.context.log);
    record.api = target.api;
    record.basePathMatched = target.basePathMatched;
    if (target.api.cors && isPreflight(req)) {
      // Answered by API Gateway itself, whatever the routes.
      record.preflight = true;
      return preflightResponse(target.api.cors, req.headers.origin!);
    }
    const stage = target.stage;
    record.stage = stage;
    if (!stage) {
      throw new GatewayAnswer(NOT_FOUND);
    }
    const match = matchRoute(target.api, req.method ?? 'GET', target.path);
    record.routeKey = match.route.routeKey;
    admit(stage, record.routeKey);
    const body = await readBody(req);
    const integration = target.api.integrations.get(match.route.integrationId!);
    if (!integration) {
      throw new GatewayAnswer(INTERNAL_SERVER_ERROR, `integration ${match.route.integrationId} does not exist`);
    }
    const request = routedRequest(req, url, body, { ...target, stage }, match, record);
    const outcome = await this.authorizer.authorize(target.api, match.route, request);
    record.authorizerLog = outcome.logVariables;
    const authorized = outcome.authorization ? { ...request, authorization: outcome.authorization } : request;
    this.grants.check(target.api, authorized, integration);
    return invokeIntegration(this.context, target.api.displayName, integration, authorized, record);
  }

  /** API Gateway's own answer to a refused request (any other failure answers 500, and is logged). */
  private refusal(error: unknown, record: RequestRecord): ApiResponse {
    if (!(error instanceof GatewayAnswer)) {
      this.context.log(`[apigateway] ${record.api.displayName}: ${(error as Error).stack ?? error}`);
      record.gatewayError = INTERNAL_SERVER_ERROR;
      return errorResponse(INTERNAL_SERVER_ERROR);
    }
    const gatewayError: GatewayError = error.error;
    record.gatewayError = gatewayError;
    record.integrationError = error.integrationError;
    record.integrationStatus = error.integrationStatus;
    record.responseType = error.details.responseType;
    record.authorizerLog = { ...record.authorizerLog, ...error.details.logVariables };
    return errorResponse(gatewayError, error.details.headers ?? []);
  }
}
