import { Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AuthorizerBindOptions, BoundAuthorizer, RouteAuthorizer } from './authorizer';

/** `RouteAuthorization.jwt(...)` with its defaults resolved. */
export interface JwtRouteAuthorizerProps {
  readonly name: string;
  readonly identitySource: string[];
  readonly issuer: string;
  readonly audience: string[];
}

/**
 * A JWT authorizer: API Gateway itself checks the token, so no function is invoked.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export class JwtRouteAuthorizer implements RouteAuthorizer {
  public readonly name: string;
  public readonly identitySource: string[];
  public readonly invokedFunctions: lambda.IFunction[] = [];
  private readonly issuer: string;
  private readonly audience: string[];

  constructor(props: JwtRouteAuthorizerProps) {
    this.name = props.name;
    this.identitySource = props.identitySource;
    this.issuer = props.issuer;
    this.audience = props.audience;
  }

  public validate(where: string): void {
    if (!Token.isUnresolved(this.issuer) && !/^https:\/\/[^\s]+$/.test(this.issuer)) {
      throw new Error(`${where}: issuer "${this.issuer}" must be an https:// URL`);
    }
    if (this.audience.length === 0) {
      throw new Error(`${where}: audience must list at least one audience (client id)`);
    }
    const [source, ...more] = this.identitySource;
    if (more.length > 0 || source === undefined) {
      throw new Error(`${where}: identitySource must be exactly one source for a JWT authorizer, got ${this.identitySource.length}`);
    }
    if (!Token.isUnresolved(source) && !/^\$request\.(header|querystring)\./.test(source)) {
      throw new Error(`${where}: identitySource "${source}" must be a header ($request.header.<name>) or query string ($request.querystring.<name>) for a JWT authorizer`);
    }
  }

  public bind({ scope, httpApi }: AuthorizerBindOptions): BoundAuthorizer {
    const authorizer = new apigwv2.CfnAuthorizer(scope, `Authorizer ${this.name}`, {
      apiId: httpApi.apiId,
      name: this.name,
      authorizerType: 'JWT',
      identitySource: this.identitySource,
      jwtConfiguration: { issuer: this.issuer, audience: this.audience },
    });
    return { authorizer, authorizerId: authorizer.ref };
  }
}
