import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** What an authorizer is bound to: the construct and API it is created for. */
export interface AuthorizerBindOptions {
  /** The construct the authorizer (and any permission it needs) is created under. */
  readonly scope: Construct;
  readonly httpApi: apigwv2.IHttpApi;
  /** The role API Gateway assumes to invoke functions (`ROLE` mode); absent in `RESOURCE_POLICY` mode. */
  readonly invokeRole?: iam.IRole;
  /** `arn:<partition>:execute-api:<region>:<account>:<apiId>/<path>` of the API bound to. */
  executeApiArn(path: string): string;
}

/** An authorizer created for one API. */
export interface BoundAuthorizer {
  readonly authorizer: apigwv2.CfnAuthorizer;
  /** What a route's `AuthorizerId` names. */
  readonly authorizerId: string;
}

/**
 * The authorizer behind a `RouteAuthorization`, one implementation per kind (JWT, Lambda), as
 * aws-cdk's `IHttpRouteAuthorizer.bind()`. Shared by every route that uses it (compared by
 * identity), so it is bound once per API. Kept out of the public API, which jsii carries to
 * every language.
 */
export interface RouteAuthorizer {
  /** Also the construct id, `Authorizer <name>`. */
  readonly name: string;
  readonly identitySource: string[];
  /** The functions API Gateway invokes for this authorizer: the invoke role must allow them. */
  readonly invokedFunctions: lambda.IFunction[];
  /** Throws on what this kind of authorizer does not accept; `where` names it in the message. */
  validate(where: string): void;
  bind(options: AuthorizerBindOptions): BoundAuthorizer;
}

// Beside the public class rather than on it, so jsii never sees the internal type.
const authorizers = new WeakMap<object, RouteAuthorizer>();

/** Records the authorizer of a `RouteAuthorization`. */
export function setRouteAuthorizer(authorization: object, authorizer: RouteAuthorizer): void {
  authorizers.set(authorization, authorizer);
}

/** The authorizer of a `RouteAuthorization`, or `undefined` for `none()` and `iam()`. */
export function routeAuthorizer(authorization: object): RouteAuthorizer | undefined {
  return authorizers.get(authorization);
}
