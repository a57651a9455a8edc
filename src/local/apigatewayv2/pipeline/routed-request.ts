import * as http from 'http';
import { ApiRequest } from '../api-request';
import { executeApiHost } from '../gateway-context';
import { RequestTarget } from './choose-target';
import { gatewayHeaders } from './gateway-headers';
import { MatchedRoute } from './match-route';
import { RequestRecord } from './request-record';

/**
 * The request as the authorizers and the integration see it, once routed and its body read. Its
 * `domainName` is the name clients use on AWS: the custom domain's, else the API's execute-api
 * host name (never the local `127.0.0.1:<port>`); the `host` header stays what the client sent,
 * so links a function builds from it work locally.
 */
export function routedRequest(
  req: http.IncomingMessage, url: URL, body: Buffer,
  target: RequestTarget & { readonly stage: NonNullable<RequestTarget['stage']> }, match: MatchedRoute, record: RequestRecord,
): ApiRequest {
  const { api, stage } = target;
  return {
    requestId: record.requestId,
    apiId: api.apiId,
    accountId: api.location.accountId,
    stage: stage.stageName,
    routeKey: match.route.routeKey,
    method: req.method ?? 'GET',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers: gatewayHeaders(rawHeaderPairs(req.rawHeaders), sourceIp(req), body.length),
    body,
    sourceIp: sourceIp(req),
    protocol: `HTTP/${req.httpVersion}`,
    domainName: target.domainName ?? executeApiHost(api),
    time: new Date(record.started),
    pathParameters: match.pathParameters,
    stageVariables: stage.stageVariables,
    routedPath: target.path,
  };
}

/** The client's address, IPv4 without its IPv6-mapped prefix. */
export function sourceIp(req: http.IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

/** Node's flat `[name, value, name, value, ...]` as pairs, in the client's order and case. */
function rawHeaderPairs(rawHeaders: string[]): Array<readonly [string, string]> {
  const result: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    result.push([rawHeaders[i], rawHeaders[i + 1]]);
  }
  return result;
}
