import { Annotations, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { ROUTES_PER_API_QUOTA } from '../aws-limits';
import { RouteAuthorizationType } from '../route-authorization';
import { DEFAULT_ROUTE_KEY, validateRouteKeys } from '../route-key';
import { suppressNagRules } from './nag-suppressions';
import { RouteAuthorizations } from './route-authorizations';

/** The `routeKeys` prop: at least one, each valid, none repeated. */
export function validateRouteKeyList(routeKeys: string[]): void {
  if (routeKeys.length === 0) {
    throw new Error(`routeKeys: must not be empty; give at least one route key such as "GET /" or "${DEFAULT_ROUTE_KEY}"`);
  }
  validateRouteKeys(routeKeys, 'routeKeys');
}

/** The routes of one API, all targeting its one integration, in the order they were added. */
export class Routes {
  private readonly keys: string[] = [];
  private readonly resources = new Map<string, apigwv2.CfnRoute>();
  private unresolvedRouteCount = 0;

  /** @param scope the construct the routes are created under, and warned on */
  constructor(
    private readonly scope: Construct,
    private readonly integration: apigwv2.HttpIntegration,
    private readonly authorizations: RouteAuthorizations) {
  }

  /** The route keys, in the order they were added. */
  public get routeKeys(): string[] {
    return [...this.keys];
  }

  /** The route of a key added before. */
  public route(routeKey: string): apigwv2.CfnRoute {
    return this.resources.get(routeKey)!;
  }

  /** Creates a route per key; the keys are already validated. */
  public add(routeKeys: string[]): void {
    const before = this.keys.length;
    for (const routeKey of routeKeys) {
      this.resources.set(routeKey, this.createRoute(routeKey));
      this.keys.push(routeKey);
    }
    if (before <= ROUTES_PER_API_QUOTA && this.keys.length > ROUTES_PER_API_QUOTA) {
      Annotations.of(this.scope).addWarningV2('cdk-graviton-http-lambda-api:routeQuota',
        `${this.keys.length} routes: API Gateway accepts ${ROUTES_PER_API_QUOTA} routes per API unless the quota was raised (Service Quotas, "Routes per API")`);
    }
  }

  private createRoute(routeKey: string): apigwv2.CfnRoute {
    const { authorization, authorizerId } = this.authorizations.forRoute(routeKey);
    const isPublic = authorization.authorizationType === RouteAuthorizationType.NONE;
    // The id derives from the key, so a route's logical id does not depend on its position.
    const id = Token.isUnresolved(routeKey) ? `RouteToken${++this.unresolvedRouteCount}` : `Route ${routeKey}`;
    const route = new apigwv2.CfnRoute(this.scope, id, {
      apiId: this.integration.httpApi.apiId,
      routeKey,
      target: `integrations/${this.integration.integrationId}`,
      // NONE is API Gateway's default; leaving it out keeps public routes as small as before.
      authorizationType: isPublic ? undefined : authorization.authorizationType,
      authorizerId,
      authorizationScopes: authorization.scopes.length > 0 ? authorization.scopes : undefined,
    });
    if (isPublic) {
      suppressNagRules(route, [{
        id: 'AwsSolutions-APIG4',
        reason: 'Public by choice: RouteAuthorization.none(), the default; see the authorization prop.',
      }]);
    }
    return route;
  }
}
