import { Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AUTHORIZER_CACHE_MAX_SECONDS } from '../aws-limits';
import { AuthorizerBindOptions, BoundAuthorizer, RouteAuthorizer } from './authorizer';
import { allowApiGatewayToInvoke } from './invoke-permission';

/** `RouteAuthorization.lambdaAuthorizer(...)` with its defaults resolved. */
export interface LambdaRouteAuthorizerProps {
  readonly name: string;
  readonly identitySource: string[];
  readonly function: lambda.IFunction;
  readonly resultsCacheTtl: Duration;
}

/**
 * A Lambda request authorizer (payload 2.0, simple responses), invoked as the function behind the
 * API is: through the invoke role, or a resource-policy statement of its own.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
export class LambdaRouteAuthorizer implements RouteAuthorizer {
  public readonly name: string;
  public readonly identitySource: string[];
  public readonly invokedFunctions: lambda.IFunction[];
  private readonly function: lambda.IFunction;
  private readonly resultsCacheTtl: Duration;

  constructor(props: LambdaRouteAuthorizerProps) {
    this.name = props.name;
    this.identitySource = props.identitySource;
    this.function = props.function;
    this.resultsCacheTtl = props.resultsCacheTtl;
    this.invokedFunctions = [props.function];
  }

  public validate(where: string): void {
    const ttl = this.resultsCacheTtl;
    if (ttl.isUnresolved()) {
      return;
    }
    const seconds = ttl.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > AUTHORIZER_CACHE_MAX_SECONDS) {
      throw new Error(`${where}: resultsCacheTtl ${ttl.toHumanString()} must be a whole number of seconds from 0 to ${AUTHORIZER_CACHE_MAX_SECONDS}`);
    }
    if (seconds > 0 && this.identitySource.length === 0) {
      throw new Error(`${where}: identitySource must name at least one source while caching is on (it is the cache key); give one or set resultsCacheTtl to Duration.seconds(0)`);
    }
  }

  public bind({ scope, httpApi, invokeRole, executeApiArn }: AuthorizerBindOptions): BoundAuthorizer {
    const id = `Authorizer ${this.name}`;
    const stack = Stack.of(scope);
    const authorizer = new apigwv2.CfnAuthorizer(scope, id, {
      apiId: httpApi.apiId,
      name: this.name,
      authorizerType: 'REQUEST',
      authorizerPayloadFormatVersion: '2.0',
      enableSimpleResponses: true,
      identitySource: this.identitySource,
      authorizerResultTtlInSeconds: this.resultsCacheTtl.toSeconds(),
      authorizerUri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${this.function.functionArn}/invocations`,
      authorizerCredentialsArn: invokeRole?.roleArn,
    });
    if (!invokeRole) {
      // One statement per authorizer, scoped to it.
      allowApiGatewayToInvoke(scope, `${id} Permission`, this.function, executeApiArn(`authorizers/${authorizer.ref}`));
    }
    return { authorizer, authorizerId: authorizer.ref };
  }
}
