import { Annotations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { GravitonHttpLambdaApiProps } from '../graviton-http-lambda-api-props';

// The HTTP API itself: its CORS and its default endpoint.

export function validateCors(cors: apigwv2.CorsPreflightOptions | undefined): void {
  if (cors?.allowCredentials && (cors.allowOrigins ?? []).includes('*')) {
    throw new Error('cors: allowCredentials cannot be combined with allowOrigins ["*"]; list the origins that may send credentials');
  }
}

/** Warns when the API would have no endpoint the construct knows of. */
export function warnIfUnreachable(scope: Construct, props: GravitonHttpLambdaApiProps): void {
  if (props.disableExecuteApiEndpoint && !props.customDomain) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:disabledEndpoint',
      'disableExecuteApiEndpoint: the default endpoint answers 404 and no customDomain is configured, so clients can reach the API only through a domain you map to it yourself');
  }
}

/** Named after the construct unless `apiName` says otherwise. */
export function createHttpApi(scope: Construct, props: GravitonHttpLambdaApiProps): apigwv2.HttpApi {
  return new apigwv2.HttpApi(scope, 'HttpApi', {
    apiName: props.apiName ?? scope.node.id,
    corsPreflight: props.cors,
    disableExecuteApiEndpoint: props.disableExecuteApiEndpoint,
    // The stage is created beside it, as a typed child of the construct.
    createDefaultStage: false,
  });
}
