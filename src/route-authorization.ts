import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorizer, routeAuthorizer, setRouteAuthorizer } from './private/authorizer';
import { JwtRouteAuthorizer } from './private/jwt-authorizer';
import { LambdaRouteAuthorizer } from './private/lambda-authorizer';

/** How a route authorizes its callers, as API Gateway names it on the route (`AuthorizationType`). */
export enum RouteAuthorizationType {
  /** Anyone may call the route. */
  NONE = 'NONE',
  /** Callers sign their requests with AWS Signature Version 4 and need `execute-api:Invoke`. */
  AWS_IAM = 'AWS_IAM',
  /** A JSON Web Token is checked against an issuer and audiences. */
  JWT = 'JWT',
  /** A Lambda function decides (a Lambda request authorizer). */
  CUSTOM = 'CUSTOM',
}

/**
 * A JWT authorizer: API Gateway checks the token's signature against the issuer's JWKS, its
 * issuer, audience, expiry and (per route) scopes.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export interface JwtAuthorizationProps {
  /**
   * The token issuer, an `https://` URL (for Amazon Cognito
   * `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`).
   */
  readonly issuer: string;

  /**
   * The audiences a token may be for (its `aud` claim, or `client_id` for access tokens); at least one.
   */
  readonly audience: string[];

  /**
   * Where the token is read from.
   *
   * @default ['$request.header.Authorization']
   */
  readonly identitySource?: string[];

  /**
   * Scopes the token must hold (one of them) on the routes this authorization guards.
   *
   * @default - no scopes are required
   */
  readonly scopes?: string[];

  /**
   * Name of the authorizer; also its construct id (`Authorizer <name>`).
   *
   * @default 'jwt'
   */
  readonly authorizerName?: string;
}

/**
 * A Lambda request authorizer: API Gateway calls the function with the request (payload 2.0) and
 * it answers `{"isAuthorized": true|false, "context": {...}}` (simple responses).
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
export interface LambdaAuthorizationProps {
  /** The authorizer function. */
  readonly function: lambda.IFunction;

  /**
   * The request parts the function decides on; a request missing any of them is answered 401
   * without calling the function. With caching on, they are the cache key.
   *
   * @default ['$request.header.Authorization']
   */
  readonly identitySource?: string[];

  /**
   * How long API Gateway caches the function's answer per identity; `Duration.seconds(0)` turns
   * caching off (0 to 3,600 seconds).
   *
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * Name of the authorizer; also its construct id (`Authorizer <name>`).
   *
   * @default 'lambda'
   */
  readonly authorizerName?: string;
}

/**
 * Who may call a route: nobody checked (`none`), IAM-signed callers (`iam`), a JWT authorizer
 * (`jwt`) or a Lambda request authorizer (`lambdaAuthorizer`).
 *
 * One `RouteAuthorization` used on several routes creates one authorizer; `withScopes` gives the
 * same JWT authorizer with other scopes for a route.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
 */
export class RouteAuthorization {
  /** No authorization: the route is public. */
  public static none(): RouteAuthorization {
    return new RouteAuthorization(RouteAuthorizationType.NONE, []);
  }

  /**
   * IAM authorization: callers sign with SigV4 and need `execute-api:Invoke` on the route.
   *
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
   */
  public static iam(): RouteAuthorization {
    return new RouteAuthorization(RouteAuthorizationType.AWS_IAM, []);
  }

  /** A JWT authorizer (for example Amazon Cognito or any OpenID Connect issuer). */
  public static jwt(props: JwtAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization(RouteAuthorizationType.JWT, props.scopes ?? [], new JwtRouteAuthorizer({
      name: props.authorizerName ?? 'jwt',
      identitySource: props.identitySource ?? ['$request.header.Authorization'],
      issuer: props.issuer,
      audience: props.audience,
    }));
  }

  /**
   * A Lambda request authorizer with simple responses.
   *
   * (Not named `lambda`, a reserved word in Python.)
   */
  public static lambdaAuthorizer(props: LambdaAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization(RouteAuthorizationType.CUSTOM, [], new LambdaRouteAuthorizer({
      name: props.authorizerName ?? 'lambda',
      identitySource: props.identitySource ?? ['$request.header.Authorization'],
      function: props.function,
      resultsCacheTtl: props.resultsCacheTtl ?? Duration.minutes(5),
    }));
  }

  /** How the route authorizes (its `AuthorizationType`). */
  public readonly authorizationType: RouteAuthorizationType;

  /** Scopes a JWT must hold, one of them (JWT only; empty otherwise). */
  public readonly scopes: string[];

  private constructor(type: RouteAuthorizationType, scopes: string[], authorizer?: RouteAuthorizer) {
    this.authorizationType = type;
    this.scopes = scopes;
    if (authorizer) {
      setRouteAuthorizer(this, authorizer);
    }
  }

  /** The authorizer's name (JWT and Lambda authorization), else `undefined`. */
  public get authorizerName(): string | undefined {
    return routeAuthorizer(this)?.name;
  }

  /**
   * The same JWT authorizer, requiring other scopes on the routes this authorization guards.
   *
   * @param scopes the token must hold one of these
   */
  public withScopes(...scopes: string[]): RouteAuthorization {
    if (this.authorizationType !== RouteAuthorizationType.JWT) {
      throw new Error(`withScopes(${scopes.join(', ')}): scopes apply to JWT authorization only, not ${this.authorizationType}`);
    }
    return new RouteAuthorization(this.authorizationType, scopes, routeAuthorizer(this));
  }
}
