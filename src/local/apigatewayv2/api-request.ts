/** A request as API Gateway sees it once the stage and the route are selected. */
export interface ApiRequest {
  readonly requestId: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly stage: string;
  readonly routeKey: string;
  readonly method: string;
  /** The path as received, with the stage prefix of a named stage. */
  readonly rawPath: string;
  /** The query string without `?`, `''` when none. */
  readonly rawQueryString: string;
  /** Header pairs in the order received, names as sent. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly protocol: string;
  readonly domainName: string;
  readonly time: Date;
  readonly pathParameters: Record<string, string>;
  readonly stageVariables: Record<string, string>;
  /** The path the route was selected by: without the stage prefix or API mapping key. @default rawPath */
  readonly routedPath?: string;
  /** What the route's authorizer passes on, when the route has one. */
  readonly authorization?: RequestAuthorization;
}

/** What a successful route authorization passes to the integration. */
export interface RequestAuthorization {
  /** `requestContext.authorizer` of a 2.0 event. */
  readonly v2: Record<string, unknown>;
  /** `requestContext.authorizer` of a 1.0 event. */
  readonly v1?: Record<string, unknown>;
  /** Fields of `requestContext.identity` of a 1.0 event (IAM authorization). */
  readonly v1Identity?: Record<string, unknown>;
}

/** A response to send to the client. */
export interface ApiResponse {
  readonly status: number;
  /** Header pairs; a name may repeat (set-cookie). */
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

/** Why a function's answer cannot be turned into an HTTP response (API Gateway answers 500). */
export class MalformedResponseError extends Error {}

// Content types API Gateway passes as text; anything else is base64-encoded for the function.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|application\/[^;]*\+(json|xml))/i;

/** The body as the function receives it, and whether it is base64-encoded. */
export function eventBody(request: ApiRequest): { body?: string; isBase64Encoded: boolean } {
  if (request.body.length === 0) {
    return { isBase64Encoded: false };
  }
  const contentType = headerValue(request, 'content-type');
  const text = request.body.toString('utf-8');
  const isText = (contentType === undefined || TEXT_TYPES.test(contentType)) && Buffer.from(text, 'utf-8').equals(request.body);
  return isText ? { body: text, isBase64Encoded: false } : { body: request.body.toString('base64'), isBase64Encoded: true };
}

/** The comma-joined value of a header, by case-insensitive name. */
export function headerValue(request: ApiRequest, name: string): string | undefined {
  const values = request.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  return values.length > 0 ? values.join(',') : undefined;
}

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
export function clfTime(time: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(time.getUTCDate())}/${months[time.getUTCMonth()]}/${time.getUTCFullYear()}:`
    + `${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} +0000`;
}

/** Query parameters by name, values of a repeated name in order. */
export function queryParameters(rawQueryString: string): Map<string, string[]> {
  const parameters = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters.set(name, [...(parameters.get(name) ?? []), value]);
  }
  return parameters;
}

/** A function's answer as JSON; an answer that is not JSON is malformed in both payload formats. */
export function parseAnswer(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf-8'));
  } catch {
    throw new MalformedResponseError('the function answered something that is not JSON');
  }
}

/** The response body, decoded from base64 when the function says it is. */
export function responseBody(body: unknown, isBase64Encoded: unknown): Buffer {
  if (body === undefined || body === null) {
    return Buffer.alloc(0);
  }
  if (typeof body !== 'string') {
    throw new MalformedResponseError(`body must be a string, got ${typeof body}`);
  }
  return isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf-8');
}

/** A status code from a function response: a whole number from 100 to 599 (numeric strings accepted). */
export function statusCode(value: unknown): number {
  const status = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new MalformedResponseError(`statusCode must be an HTTP status, got ${JSON.stringify(value)}`);
  }
  return status;
}

/** Header values a function may return: strings, numbers and booleans, sent as text. */
export function headerPairs(headers: unknown): Array<[string, string]> {
  if (headers === undefined || headers === null) {
    return [];
  }
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw new MalformedResponseError('headers must be an object');
  }
  return Object.entries(headers as Record<string, unknown>).map(([name, value]) => {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new MalformedResponseError(`header ${name} must be a string`);
    }
    return [name.toLowerCase(), String(value)];
  });
}
