import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { InvokePermissionMode } from '../invoke-permission-mode';

/** How API Gateway is allowed to invoke the function: one of the two, by mode. */
export interface InvokeGrant {
  /** `ROLE` mode. */
  readonly invokeRole?: iam.Role;
  /** `ROLE` mode: what the integration assumes. */
  readonly credentials?: apigwv2.IntegrationCredentials;
  /** `RESOURCE_POLICY` mode. */
  readonly invokePermission?: lambda.CfnPermission;
}

export function validatePermissionMode(permissionMode: InvokePermissionMode): void {
  if (!Object.values(InvokePermissionMode).includes(permissionMode)) {
    throw new Error(`permissionMode "${permissionMode}": must be one of ${Object.values(InvokePermissionMode).join(', ')}`);
  }
}

/**
 * Lets API Gateway invoke the function, and in `ROLE` mode the authorizer functions too (in
 * `RESOURCE_POLICY` mode each authorizer adds its own statement when bound).
 */
export function grantInvoke(scope: Construct, permissionMode: InvokePermissionMode, httpApi: apigwv2.IHttpApi,
  fn: lambda.IFunction, authorizerFunctions: lambda.IFunction[]): InvokeGrant {
  if (permissionMode === InvokePermissionMode.ROLE) {
    const invokeRole = new iam.Role(scope, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway invoke the function behind this HTTP API',
      // Inline, so the grant costs no extra resource.
      inlinePolicies: {
        InvokeFunction: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            actions: ['lambda:InvokeFunction'],
            resources: [fn.functionArn, ...authorizerFunctions.map((authorizerFunction) => authorizerFunction.functionArn)],
          })],
        }),
      },
    });
    return { invokeRole, credentials: apigwv2.IntegrationCredentials.fromRole(invokeRole) };
  }
  // One statement for the whole API, whatever the number of routes.
  return { invokePermission: allowApiGatewayToInvoke(scope, 'InvokePermission', fn, executeApiArn(httpApi, '*')) };
}

/** A statement in the function's resource policy letting API Gateway invoke it from `sourceArn`. */
export function allowApiGatewayToInvoke(scope: Construct, id: string, fn: lambda.IFunction, sourceArn: string): lambda.CfnPermission {
  return new lambda.CfnPermission(scope, id, {
    action: 'lambda:InvokeFunction',
    functionName: fn.functionArn,
    principal: 'apigateway.amazonaws.com',
    sourceArn,
  });
}

/** `arn:<partition>:execute-api:<region>:<account>:<apiId>/<path>` */
export function executeApiArn(httpApi: apigwv2.IHttpApi, path: string): string {
  return Stack.of(httpApi).formatArn({
    service: 'execute-api',
    resource: httpApi.apiId,
    resourceName: path,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
