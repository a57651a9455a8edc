import * as http from 'http';
import { CustomDomains, hostName } from '../custom-domains';
import { GatewayAnswer, NOT_FOUND } from '../error-responses';
import { StoredApi, StoredStage } from '../http-api-model';

/** The API a request is for and, when one is deployed, the stage it selects and the path left to route. */
export interface RequestTarget {
  readonly api: StoredApi;
  readonly stage?: StoredStage;
  /** The path routes are matched against: the request path without the stage or base path. */
  readonly path: string;
  /** The API mapping's base path, when the request came through a custom domain. */
  readonly basePathMatched?: string;
  /** The custom domain the request came through, if it did. */
  readonly domainName?: string;
}

/**
 * Step 1, choose the target: through a custom domain's API mapping when the Host header names one
 * (whatever API it maps to), else the API of the server the request reached, as its execute-api
 * endpoint. A domain path no mapping matches, or a disabled execute-api endpoint, answers 404.
 */
export function chooseTarget(
  serverApi: StoredApi, req: http.IncomingMessage, rawPath: string, domains: CustomDomains, log: (line: string) => void,
): RequestTarget {
  const domain = domains.resolve(req.headers.host, rawPath);
  if (domain) {
    if (!domain.target) {
      // (unconfirmed) A custom domain path that no API mapping matches.
      log(`[apigateway] ${domain.domainName}: 404 Not Found: no API mapping of the custom domain matches ${rawPath}`);
      throw new GatewayAnswer(NOT_FOUND);
    }
    const { api, stage, path, basePathMatched } = domain.target;
    // A wildcard domain's requests carry the name the client used (unconfirmed).
    const domainName = domain.domainName.startsWith('*.') ? hostName(req.headers.host) : domain.domainName;
    return { api, stage: stage.deployed ? stage : undefined, path, basePathMatched, domainName };
  }
  if (serverApi.disableExecuteApiEndpoint) {
    // "You receive ... an HTTP '404 Not Found' error for HTTP APIs" (the body is unconfirmed).
    // https://repost.aws/knowledge-center/api-gateway-disable-endpoint
    log(`[apigateway] ${serverApi.displayName}: 404 Not Found: the default (execute-api) endpoint is disabled `
      + `(DisableExecuteApiEndpoint); use a custom domain name (Host header ${JSON.stringify(req.headers.host ?? '')} names none)`);
    throw new GatewayAnswer(NOT_FOUND);
  }
  return { api: serverApi, ...selectStage(serverApi, rawPath) };
}

/**
 * The stage a path names (its first segment), else `$default`; the rest of the path is routed.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
 */
function selectStage(api: StoredApi, rawPath: string): { stage?: StoredStage; path: string } {
  const first = rawPath.split('/')[1];
  const named = first ? api.stages.get(decodeSegment(first)) : undefined;
  if (named && named.stageName !== '$default' && named.deployed) {
    return { stage: named, path: rawPath.slice(first.length + 1) || '/' };
  }
  const fallback = api.stages.get('$default');
  return { stage: fallback?.deployed ? fallback : undefined, path: rawPath };
}

/** A path segment, URL-decoded when it can be (request-checks.ts refuses the rest first). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
