import { LambdaBackend } from './gateway-context';
import { IamService } from '../iam/iam-service';
import { evaluate } from '../iam/policy-evaluation';

/** What the grant check needs: IAM for roles, Lambda for resource policies. */
export interface InvokeGrantContext {
  readonly iam: IamService;
  readonly lambda: LambdaBackend;
}

/** Who API Gateway invokes a function for: an integration or an authorizer. */
export interface InvokeGrantRequest {
  readonly functionArn: string;
  /** The role API Gateway assumes (`CredentialsArn`, `AuthorizerCredentialsArn`), if any. */
  readonly credentialsArn?: string;
  /** The execute-api ARN a resource-policy statement's `SourceArn` must match. */
  readonly sourceArn: string;
  /** The API's account (`aws:SourceAccount`). */
  readonly sourceAccount: string;
}

/**
 * Why API Gateway may not invoke the function, or `undefined` when it may: with a role, the role
 * must exist, trust apigateway.amazonaws.com and allow lambda:InvokeFunction on the function;
 * without one, the function's resource policy must allow apigateway.amazonaws.com for the source
 * ARN. The same check serves integrations and Lambda authorizers.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.example-create
 */
export function invokeGrantProblem(context: InvokeGrantContext, request: InvokeGrantRequest): string | undefined {
  const { iam, lambda } = context;
  const { functionArn, credentialsArn, sourceArn, sourceAccount } = request;
  // `functionArn` is the integration's, qualified for an alias or version: the role's grant and the
  // resource policy are checked against that ARN, so a grant on the function does not cover its alias.
  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
  const policy = lambda.policyStatements(functionArn);
  if (!policy) {
    return 'no such function';
  }
  if (credentialsArn) {
    if (!iam.hasRole(credentialsArn)) {
      return `role ${credentialsArn} does not exist`;
    }
    if (!iam.canAssume(credentialsArn, 'apigateway.amazonaws.com')) {
      return `role ${credentialsArn} does not trust apigateway.amazonaws.com (sts:AssumeRole)`;
    }
    if (iam.authorize(credentialsArn, { action: 'lambda:InvokeFunction', resource: functionArn }) !== 'Allow') {
      return `role ${credentialsArn} is not allowed lambda:InvokeFunction on ${functionArn}`;
    }
    return undefined;
  }
  const decision = evaluate(policy, {
    action: 'lambda:InvokeFunction',
    resource: functionArn,
    principal: { Service: 'apigateway.amazonaws.com' },
    context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
  });
  return decision === 'Allow'
    ? undefined
    : `no resource-policy statement allows apigateway.amazonaws.com to call lambda:InvokeFunction with SourceArn ${sourceArn}`;
}
