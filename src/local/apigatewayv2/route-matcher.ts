/**
 * Route selection for HTTP APIs: the most specific route wins: a full match of method and
 * path (literal segments before `{param}` ones), then a match through a greedy `{proxy+}`
 * variable, then the `$default` route. For the same path, a route for the request's method
 * wins over `ANY`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html#http-api-develop-routes.evaluation
 */

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

interface ParsedRoute {
  readonly routeKey: string;
  readonly method: string;
  readonly segments: readonly Segment[];
}

/** The route a request selected, with its path parameters (URL-decoded). */
export interface RouteMatch {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

// Ranks compared left to right, lower wins: a segment's kind, then the method.
const SEGMENT_RANK = { literal: 0, param: 1, greedy: 2 } as const;

function parseRoute(routeKey: string): ParsedRoute | undefined {
  const [method, path] = routeKey.split(' ');
  if (!path) {
    return undefined;
  }
  const segments: Segment[] = path === '/' ? [] : path.slice(1).split('/').map((text): Segment => {
    const param = /^\{([^}+]+)(\+?)\}$/.exec(text);
    if (!param) {
      return { kind: 'literal', text };
    }
    return param[2] ? { kind: 'greedy', name: param[1] } : { kind: 'param', name: param[1] };
  });
  return { routeKey, method, segments };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The match of one route against the request path, or `undefined`. */
function matchPath(route: ParsedRoute, requestSegments: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i];
    if (segment.kind === 'greedy') {
      // A greedy variable takes every remaining segment, at least one.
      const rest = requestSegments.slice(i);
      if (rest.length === 0 || rest.every((s) => s === '')) {
        return undefined;
      }
      parameters[segment.name] = rest.map(decode).join('/');
      return parameters;
    }
    const requestSegment = requestSegments[i];
    if (requestSegment === undefined || requestSegment === '') {
      return undefined;
    }
    if (segment.kind === 'literal' && decode(requestSegment) !== segment.text) {
      return undefined;
    }
    if (segment.kind === 'param') {
      parameters[segment.name] = decode(requestSegment);
    }
  }
  return requestSegments.length === route.segments.length ? parameters : undefined;
}

function rank(route: ParsedRoute): number[] {
  const greedy = route.segments.some((s) => s.kind === 'greedy') ? 1 : 0;
  return [greedy, ...route.segments.map((s) => SEGMENT_RANK[s.kind]), route.method === 'ANY' ? 1 : 0];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    // A longer literal prefix is more specific; a missing entry sorts after any present one.
    const difference = (a[i] ?? 3) - (b[i] ?? 3);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

/** The routes of one API, ready to match requests. */
export class RouteTable {
  private readonly routes: ParsedRoute[] = [];
  private hasDefault = false;

  constructor(routeKeys: Iterable<string> = []) {
    for (const routeKey of routeKeys) {
      this.add(routeKey);
    }
  }

  public add(routeKey: string): void {
    if (routeKey === '$default') {
      this.hasDefault = true;
      return;
    }
    const parsed = parseRoute(routeKey);
    if (parsed) {
      this.routes.push(parsed);
    }
  }

  /**
   * The route for a request, or `undefined` (404).
   *
   * @param method the HTTP method
   * @param path the path after the stage, starting with `/`, still URL-encoded
   */
  public match(method: string, path: string): RouteMatch | undefined {
    const requestSegments = path === '/' ? [] : path.replace(/^\//, '').split('/');
    let best: { route: ParsedRoute; parameters: Record<string, string>; rank: number[] } | undefined;
    for (const route of this.routes) {
      if (route.method !== method && route.method !== 'ANY') {
        continue;
      }
      const parameters = matchPath(route, requestSegments);
      if (!parameters) {
        continue;
      }
      const routeRank = rank(route);
      if (!best || compareRanks(routeRank, best.rank) < 0) {
        best = { route, parameters, rank: routeRank };
      }
    }
    if (best) {
      return { routeKey: best.route.routeKey, pathParameters: best.parameters };
    }
    return this.hasDefault ? { routeKey: '$default', pathParameters: {} } : undefined;
  }
}
