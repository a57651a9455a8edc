import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

// The one Lambda proxy integration every route targets.

export function validatePayloadFormatVersion(payloadFormatVersion: apigwv2.PayloadFormatVersion): void {
  if (!['1.0', '2.0'].includes(payloadFormatVersion.version)) {
    throw new Error(`payloadFormatVersion "${payloadFormatVersion.version}": must be 1.0 or 2.0 (PayloadFormatVersion.VERSION_1_0 or VERSION_2_0)`);
  }
}

export interface IntegrationOptions {
  readonly httpApi: apigwv2.IHttpApi;
  readonly function: lambda.IFunction;
  readonly payloadFormatVersion: apigwv2.PayloadFormatVersion;
  /** The invoke role the integration assumes (`ROLE` mode); absent in `RESOURCE_POLICY` mode. */
  readonly credentials?: apigwv2.IntegrationCredentials;
}

export function createIntegration(scope: Construct, options: IntegrationOptions): apigwv2.HttpIntegration {
  // Created under the construct, not under a route, so adding or reordering routes never replaces it.
  return new apigwv2.HttpIntegration(scope, 'Integration', {
    httpApi: options.httpApi,
    integrationType: apigwv2.HttpIntegrationType.AWS_PROXY,
    integrationUri: options.function.functionArn,
    method: apigwv2.HttpMethod.POST,
    connectionType: apigwv2.HttpConnectionType.INTERNET,
    payloadFormatVersion: options.payloadFormatVersion,
    credentials: options.credentials,
  });
}
