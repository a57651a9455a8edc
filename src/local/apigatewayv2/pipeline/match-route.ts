import { GatewayAnswer, NOT_FOUND } from '../error-responses';
import { StoredApi, StoredRoute } from '../http-api-model';

/** The route a request matched and the path parameters it captured. */
export interface MatchedRoute {
  readonly route: StoredRoute;
  readonly pathParameters: Record<string, string>;
}

/**
 * Step 2, match the route: the most specific route key for the method and path (route-matcher.ts).
 * No route, or a route without a target, answers 404 as API Gateway does.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html#http-api-develop-routes.evaluation
 */
export function matchRoute(api: StoredApi, method: string, path: string): MatchedRoute {
  const match = api.routeTable.match(method, path);
  const route = match ? api.routes.get(match.routeKey) : undefined;
  if (!match || !route?.integrationId) {
    throw new GatewayAnswer(NOT_FOUND);
  }
  return { route, pathParameters: match.pathParameters };
}
