import { Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { RouteAuthorization } from '../route-authorization';
import { validateRouteKeyReference } from '../route-key';
import { AuthorizerBindOptions, RouteAuthorizer, routeAuthorizer } from './authorizer';

// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.identity-sources
const IDENTITY_SOURCE = /^\$(request\.header\.|request\.querystring\.|context\.|stageVariables\.)[^\s]+$/;

/** What a route's `AuthorizationType`, `AuthorizerId` and `AuthorizationScopes` come from. */
export interface RouteAuthorizationBinding {
  readonly authorization: RouteAuthorization;
  /** `undefined` for `none()` and `iam()`. */
  readonly authorizerId?: string;
}

/**
 * The authorization of each route (its own in `routeAuthorization`, else `authorization`), and
 * the authorizers they use, each created once per API however many routes share it.
 */
export class RouteAuthorizations {
  private readonly defaultAuthorization: RouteAuthorization;
  private readonly byRouteKey: Map<string, RouteAuthorization>;
  private readonly authorizerIds = new Map<RouteAuthorizer, string>();

  constructor(defaultAuthorization: RouteAuthorization | undefined, byRouteKey: { [routeKey: string]: RouteAuthorization } | undefined) {
    this.defaultAuthorization = defaultAuthorization ?? RouteAuthorization.none();
    this.byRouteKey = new Map(Object.entries(byRouteKey ?? {}));
  }

  /**
   * Checks the route keys named and each authorizer once; returns the authorizers in order of
   * first use. Names must be unique.
   */
  public validate(routeKeys: string[]): RouteAuthorizer[] {
    for (const routeKey of this.byRouteKey.keys()) {
      validateRouteKeyReference(routeKey, routeKeys, 'routeAuthorization');
    }
    const byName = new Map<string, RouteAuthorizer>();
    for (const authorization of [this.defaultAuthorization, ...this.byRouteKey.values()]) {
      if (!(authorization instanceof RouteAuthorization)) {
        throw new Error('authorization: must be made with RouteAuthorization.none(), iam(), jwt({...}) or lambdaAuthorizer({...})');
      }
      const authorizer = routeAuthorizer(authorization);
      if (!authorizer || byName.get(authorizer.name) === authorizer) {
        continue;
      }
      validateAuthorizer(authorizer, byName);
      byName.set(authorizer.name, authorizer);
    }
    return [...byName.values()];
  }

  /** Creates each authorizer, so that routes can name it. */
  public bind(authorizers: RouteAuthorizer[], options: AuthorizerBindOptions): apigwv2.CfnAuthorizer[] {
    return authorizers.map((authorizer) => {
      const bound = authorizer.bind(options);
      this.authorizerIds.set(authorizer, bound.authorizerId);
      return bound.authorizer;
    });
  }

  public forRoute(routeKey: string): RouteAuthorizationBinding {
    const authorization = this.byRouteKey.get(routeKey) ?? this.defaultAuthorization;
    const authorizer = routeAuthorizer(authorization);
    return { authorization, authorizerId: authorizer ? this.authorizerIds.get(authorizer) : undefined };
  }
}

/** The checks every kind of authorizer shares, then its own. */
function validateAuthorizer(authorizer: RouteAuthorizer, byName: ReadonlyMap<string, RouteAuthorizer>): void {
  const { name, identitySource } = authorizer;
  const where = `authorization "${name}"`;
  if (byName.has(name)) {
    throw new Error(`${where}: two different authorizers are named "${name}"; give each its own authorizerName`);
  }
  if (!Token.isUnresolved(name) && !/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/.test(name)) {
    throw new Error(`${where}: authorizerName must be 1 to 128 letters, digits, spaces, "_", "." or "-"`);
  }
  for (const source of identitySource) {
    if (!Token.isUnresolved(source) && !IDENTITY_SOURCE.test(source)) {
      throw new Error(`${where}: identitySource "${source}" must be $request.header.<name>, $request.querystring.<name>, $context.<name> or $stageVariables.<name>`);
    }
  }
  authorizer.validate(where);
}
