import { arnLike, wildcardMatch } from './arn-like';
import { PolicyStatement } from './policy-document';

/**
 * IAM policy evaluation for one request: an explicit Deny wins, else any matching Allow,
 * else the implicit deny.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** One request to evaluate: the action, the resource, and the condition context keys. */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys (e.g. `aws:SourceArn`); names are compared case-insensitively. */
  readonly context?: Record<string, string>;
  /** For resource policies: the calling principal, e.g. `{ Service: 'apigateway.amazonaws.com' }`. */
  readonly principal?: { readonly Service?: string; readonly AWS?: string };
}

export type Decision = 'Allow' | 'Deny' | 'ImplicitDeny';

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

// Action names are case-insensitive; resources are matched as ARNs.
function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction) {
    return !list(statement.NotAction).some((p) => wildcardMatch(p, action, true));
  }
  return list(statement.Action).some((p) => wildcardMatch(p, action, true));
}

function resourceMatches(statement: PolicyStatement, resource: string): boolean {
  if (statement.NotResource) {
    return !list(statement.NotResource).some((p) => arnLike(p, resource) || wildcardMatch(p, resource));
  }
  if (statement.Resource === undefined) {
    // Resource policies may omit Resource: the policy's own resource is meant.
    return true;
  }
  return list(statement.Resource).some((p) => arnLike(p, resource) || wildcardMatch(p, resource));
}

function principalMatches(statement: PolicyStatement, principal: AuthorizationRequest['principal']): boolean {
  if (!principal || statement.Principal === undefined) {
    return principal === undefined;
  }
  if (statement.Principal === '*') {
    return true;
  }
  if (principal.Service && list(statement.Principal.Service).includes(principal.Service)) {
    return true;
  }
  return principal.AWS !== undefined && list(statement.Principal.AWS).some((p) => p === '*' || p === principal.AWS);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringNotEquals: (p, v) => p !== v,
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  StringLike: (p, v) => wildcardMatch(p, v),
  StringNotLike: (p, v) => !wildcardMatch(p, v),
  ArnEquals: (p, v) => arnLike(p, v),
  ArnLike: (p, v) => arnLike(p, v),
  ArnNotEquals: (p, v) => !arnLike(p, v),
  ArnNotLike: (p, v) => !arnLike(p, v),
};

/** Why a condition block cannot be evaluated offline, or `undefined` when every operator is known. */
export function unsupportedCondition(statement: PolicyStatement): string | undefined {
  const unknown = Object.keys(statement.Condition ?? {}).filter((op) => !OPERATORS[op.replace(/IfExists$/, '')]);
  return unknown.length > 0 ? `condition operator ${unknown.join(', ')} is not evaluated offline` : undefined;
}

function conditionsMatch(statement: PolicyStatement, context: Record<string, string>): boolean {
  const lowerContext = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(statement.Condition ?? {}).every(([rawOperator, keys]) => {
    const ifExists = rawOperator.endsWith('IfExists');
    const operator = OPERATORS[rawOperator.replace(/IfExists$/, '')];
    if (!operator) {
      return false;
    }
    return Object.entries(keys).every(([key, patterns]) => {
      const value = lowerContext.get(key.toLowerCase());
      if (value === undefined) {
        return ifExists;
      }
      // Several values for one key: any may match.
      return list(patterns).some((pattern) => operator(pattern, value));
    });
  });
}

/** Evaluates the statements of every policy that applies to the request. */
export function evaluate(statements: readonly PolicyStatement[], request: AuthorizationRequest): Decision {
  let allowed = false;
  for (const statement of statements) {
    const applies = actionMatches(statement, request.action)
      && resourceMatches(statement, request.resource)
      && principalMatches(statement, request.principal)
      && conditionsMatch(statement, request.context ?? {});
    if (!applies) {
      continue;
    }
    if (statement.Effect === 'Deny') {
      return 'Deny';
    }
    allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}
