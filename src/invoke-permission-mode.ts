/**
 * How API Gateway is allowed to invoke the function.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export enum InvokePermissionMode {
  /**
   * The integration assumes an invoke role (its `CredentialsArn`).
   *
   * The role trusts `apigateway.amazonaws.com` and is allowed `lambda:InvokeFunction` on this
   * function only. No statement is added to the function's resource policy, so the number of
   * routes never touches Lambda's 20 KB policy limit.
   */
  ROLE = 'ROLE',

  /**
   * One statement in the function's resource policy (`AWS::Lambda::Permission`).
   *
   * The principal is `apigateway.amazonaws.com` and the `SourceArn` covers this API only
   * (`arn:aws:execute-api:region:account:apiId/*`): one statement whatever the number of routes.
   */
  RESOURCE_POLICY = 'RESOURCE_POLICY',
}
