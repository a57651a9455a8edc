import { PolicyStatement } from '../../iam/policy-document';
import { evaluate } from '../../iam/policy-evaluation';
import { ApiRequest } from '../api-request';
import { PayloadFormatVersion, routePath } from '../payload-formats';
import { eventV1 } from '../payload-v1';
import { eventV2 } from '../payload-v2';

/**
 * Lambda (`REQUEST`) authorizers of HTTP APIs: the event the function receives and how its answer
 * is read, in payload formats 1.0 and 2.0.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */

/** "Timeout for Lambda authorizer response": 10,000 ms. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const AUTHORIZER_TIMEOUT_MILLIS = 10_000;

/**
 * The 2.0 authorizer event: the 2.0 integration event without the body, plus `type`, `routeArn`
 * and `identitySource` (the identity source values, in order).
 */
export function authorizerEventV2(request: ApiRequest, identitySource: readonly string[], routeArn: string): Record<string, unknown> {
  const event = eventV2(request);
  delete event.body;
  delete event.isBase64Encoded;
  return { ...event, type: 'REQUEST', routeArn, identitySource: [...identitySource] };
}

/**
 * The 1.0 authorizer event, REST-compatible: `methodArn`, the identity source values joined by
 * commas as `identitySource` and `authorizationToken`, and the 1.0 request fields.
 */
export function authorizerEventV1(
  request: ApiRequest, identitySource: readonly string[], routeArn: string, resource: string,
): Record<string, unknown> {
  const event = eventV1(request, resource);
  const joined = identitySource.join(',');
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn: routeArn,
    identitySource: joined,
    authorizationToken: joined,
    resource: event.resource,
    path: event.path,
    httpMethod: event.httpMethod,
    headers: event.headers,
    queryStringParameters: event.queryStringParameters,
    // `{}` for a route without path variables, as in AWS's 1.0 authorizer example (page above),
    // where the 1.0 integration event has null. An empty query string or no stage variables stay
    // null as there (unconfirmed).
    pathParameters: event.pathParameters ?? {},
    stageVariables: event.stageVariables,
    requestContext: event.requestContext,
  };
}

/** The authorizer event of each payload format (`AuthorizerPayloadFormatVersion`). */
export const AUTHORIZER_EVENTS: Readonly<Record<PayloadFormatVersion,
  (request: ApiRequest, identitySource: readonly string[], routeArn: string) => Record<string, unknown>>> = {
  '1.0': (request, identitySource, routeArn) => authorizerEventV1(request, identitySource, routeArn, routePath(request.routeKey)),
  '2.0': authorizerEventV2,
};

/** Why an authorizer's answer cannot be used (API Gateway answers 500). */
export class MalformedAuthorizerAnswer extends Error {}

/** An authorizer's answer: a simple decision, or an IAM policy to evaluate for each route ARN. */
export type AuthorizerAnswer =
  | { readonly kind: 'simple'; readonly isAuthorized: boolean; readonly context?: Record<string, unknown> }
  | { readonly kind: 'policy'; readonly principalId?: string; readonly statements: readonly PolicyStatement[]; readonly context?: Record<string, unknown> };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads an authorizer function's answer: `{isAuthorized, context}` with simple responses (2.0
 * only), else `{principalId, policyDocument, context}`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.payload-format-response
 */
export function parseAuthorizerAnswer(payload: Buffer, simpleResponses: boolean): AuthorizerAnswer {
  let answer: unknown;
  try {
    answer = JSON.parse(payload.toString('utf-8'));
  } catch {
    throw new MalformedAuthorizerAnswer('the authorizer answered something that is not JSON');
  }
  if (!isObject(answer)) {
    throw new MalformedAuthorizerAnswer(`the authorizer answered ${JSON.stringify(answer)?.slice(0, 200)}, not an object`);
  }
  if (answer.context !== undefined && answer.context !== null && !isObject(answer.context)) {
    throw new MalformedAuthorizerAnswer('context must be an object');
  }
  const context = isObject(answer.context) ? answer.context : undefined;
  if (simpleResponses) {
    if (typeof answer.isAuthorized !== 'boolean') {
      throw new MalformedAuthorizerAnswer(`a simple response needs a boolean isAuthorized, got ${JSON.stringify(answer.isAuthorized)}`);
    }
    return { kind: 'simple', isAuthorized: answer.isAuthorized, context };
  }
  const document = answer.policyDocument;
  if (!isObject(document) || document.Statement === undefined) {
    throw new MalformedAuthorizerAnswer('an IAM policy response needs a policyDocument with a Statement');
  }
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as unknown[];
  for (const statement of statements) {
    if (!isObject(statement) || (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')) {
      throw new MalformedAuthorizerAnswer(`policy statement ${JSON.stringify(statement)} needs Effect Allow or Deny`);
    }
  }
  if (answer.principalId !== undefined && typeof answer.principalId !== 'string') {
    throw new MalformedAuthorizerAnswer('principalId must be a string');
  }
  return { kind: 'policy', principalId: answer.principalId, statements: statements as PolicyStatement[], context };
}

/** Whether an answer lets the request to `routeArn` through: `isAuthorized`, or the policy allows execute-api:Invoke on it. */
export function answerAllows(answer: AuthorizerAnswer, routeArn: string): boolean {
  if (answer.kind === 'simple') {
    return answer.isAuthorized;
  }
  return evaluate(answer.statements, { action: 'execute-api:Invoke', resource: routeArn }) === 'Allow';
}
