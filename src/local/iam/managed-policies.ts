import { PolicyStatement } from './policy-document';

/**
 * The AWS managed policies the offline cloud knows the contents of: the ones CDK attaches
 * itself, and the broad ones a user may attach to an invoke role. Any other managed policy is
 * accepted at deploy time and treated as granting nothing, with a log line saying so.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 */
const MANAGED_POLICIES: Record<string, PolicyStatement[]> = {
  'service-role/AWSLambdaBasicExecutionRole': [{
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: '*',
  }],
  'service-role/AWSLambdaRole': [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] }],
  'AWSLambda_FullAccess': [{ Effect: 'Allow', Action: ['lambda:*'], Resource: '*' }],
  'AdministratorAccess': [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** The statements of an AWS managed policy by ARN, or `undefined` when the offline cloud does not know it. */
export function managedPolicyStatements(policyArn: string): PolicyStatement[] | undefined {
  const match = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(policyArn);
  return match ? MANAGED_POLICIES[match[1]] : undefined;
}
