import { Token } from 'aws-cdk-lib';

/**
 * Route key parsing and validation for HTTP APIs.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */

/** The methods a route key may name, in the order error messages list them. */
export const ROUTE_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

/** The catch-all route key. */
export const DEFAULT_ROUTE_KEY = '$default';

/** What a valid route key looks like, for error messages. */
const ACCEPTED = `"METHOD /path" with METHOD one of ${ROUTE_METHODS.join(', ')}, or "${DEFAULT_ROUTE_KEY}"`;

// A literal path segment: RFC 3986 path characters, no braces, '?' or '#'.
const LITERAL_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]+$/;
// `{name}` or greedy `{name+}`.
const PARAM_SEGMENT = /^\{([A-Za-z0-9_-]+)(\+?)\}$/;

/**
 * Why `key` is not a valid route key, or `undefined` when it is.
 *
 * Unresolved tokens are accepted as they are: their value is only known at deploy time.
 */
export function routeKeyProblem(key: string): string | undefined {
  if (Token.isUnresolved(key) || key === DEFAULT_ROUTE_KEY) {
    return undefined;
  }
  const parts = key.split(' ');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    return `must be ${ACCEPTED}, separated by a single space`;
  }
  const [method, path] = parts;
  if (!ROUTE_METHODS.includes(method)) {
    return `method "${method}" must be one of ${ROUTE_METHODS.join(', ')} (upper case), or the whole key must be "${DEFAULT_ROUTE_KEY}"`;
  }
  return pathProblem(path);
}

function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) {
    return `path "${path}" must start with "/"`;
  }
  if (path === '/') {
    return undefined;
  }
  if (path.endsWith('/')) {
    return `path "${path}" must not end with "/" (only the root path "/" does)`;
  }
  const segments = path.slice(1).split('/');
  const paramNames = new Set<string>();
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '') {
      return `path "${path}" has an empty segment ("//")`;
    }
    const param = PARAM_SEGMENT.exec(segment);
    if (param) {
      const [, name, greedy] = param;
      if (greedy && i !== segments.length - 1) {
        return `greedy segment "${segment}" must be the last segment of the path`;
      }
      if (paramNames.has(name)) {
        return `path parameter "${name}" appears twice in "${path}"`;
      }
      paramNames.add(name);
      continue;
    }
    if (segment.includes('{') || segment.includes('}')) {
      return `segment "${segment}" must be a literal, a whole "{param}" or a final "{proxy+}" (parameter names: letters, digits, "_" and "-")`;
    }
    if (!LITERAL_SEGMENT.test(segment)) {
      return `segment "${segment}" has a character that is not allowed in a URL path (letters, digits and -._~!$&'()*+,;=:@% are)`;
    }
  }
  return undefined;
}

/**
 * Throws on the first invalid or duplicated key, naming `label[index]`, the value and what is accepted.
 *
 * @param keys the keys to check
 * @param label how the caller names the list in messages, e.g. `routeKeys`
 * @param existing keys already on the API, which the new ones must not repeat
 */
export function validateRouteKeys(keys: readonly string[], label: string, existing: ReadonlySet<string> = new Set()): void {
  const seen = new Map<string, number>();
  keys.forEach((key, index) => {
    const where = `${label}[${index}] "${key}"`;
    const problem = routeKeyProblem(key);
    if (problem) {
      throw new Error(`${where}: ${problem}`);
    }
    if (Token.isUnresolved(key)) {
      return;
    }
    if (seen.has(key)) {
      throw new Error(`${where}: duplicate of ${label}[${seen.get(key)}]; each route key may appear once`);
    }
    if (existing.has(key)) {
      throw new Error(`${where}: the API already has this route; each route key may appear once`);
    }
    seen.set(key, index);
  });
}

/** A route key another prop names (`routeThrottle`, `routeAuthorization`) must be one of the routes. */
export function validateRouteKeyReference(routeKey: string, routeKeys: string[], prop: string): void {
  if (!routeKeys.includes(routeKey)) {
    throw new Error(`${prop}["${routeKey}"]: not one of routeKeys (${routeKeys.map((key) => `"${key}"`).join(', ')}); name a route the API has`);
  }
}
