import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The authorizer behind a `RouteAuthorization`: shared by every route that uses it (compared by
 * identity), so it is created once. Kept out of the public API, which jsii carries to every language.
 */
export interface AuthorizerDefinition {
  readonly kind: 'JWT' | 'LAMBDA';
  readonly name: string;
  readonly identitySource: string[];
  readonly jwt?: { readonly issuer: string; readonly audience: string[] };
  readonly lambda?: { readonly function: lambda.IFunction; readonly resultsCacheTtl: Duration };
}

const definitions = new WeakMap<object, AuthorizerDefinition>();

/** Records the authorizer of a `RouteAuthorization`. */
export function setAuthorizerDefinition(authorization: object, definition: AuthorizerDefinition): void {
  definitions.set(authorization, definition);
}

/** The authorizer of a `RouteAuthorization`, or `undefined` for `none()` and `iam()`. */
export function authorizerDefinition(authorization: object): AuthorizerDefinition | undefined {
  return definitions.get(authorization);
}
