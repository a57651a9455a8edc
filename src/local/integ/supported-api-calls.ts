import * as path from 'path';
import { StackSource } from '../cloudformation/cloud-assembly';

/**
 * The AWS SDK calls the offline cloud answers for `awsApiCall` (and `invokeFunction`) assertions:
 * SDK v3 service package name → its commands. Each is served on the service's local endpoint
 * (`AWS_ENDPOINT_URL_<SERVICE>`, set in local-cloud.ts).
 * https://docs.aws.amazon.com/cdk/api/v2/docs/integ-tests-alpha-readme.html
 */
export const SUPPORTED_API_CALLS: Readonly<Record<string, readonly string[]>> = {
  'lambda': ['Invoke', 'GetFunction', 'GetFunctionConfiguration', 'GetPolicy'],
  'cloudwatch-logs': ['FilterLogEvents', 'GetLogEvents', 'DescribeLogGroups', 'DescribeLogStreams'],
  'apigatewayv2': ['GetApi', 'GetApis', 'GetRoutes', 'GetRoute', 'GetStage', 'GetStages', 'GetIntegration', 'GetIntegrations', 'GetAuthorizers', 'GetDomainName'],
  'iam': ['GetRole', 'GetRolePolicy', 'ListRolePolicies', 'ListAttachedRolePolicies'],
  'sts': ['GetCallerIdentity'],
};

// The SDK v2 service names integ-tests-alpha maps to another v3 package (the rest are the same, lower-cased).
const V2_TO_V3: Readonly<Record<string, string>> = { cloudwatchlogs: 'cloudwatch-logs' };

// https://docs.aws.amazon.com/cdk/api/v2/docs/integ-tests-alpha-readme.html
const SDK_CALL_TYPE = /^Custom::DeployAssert@SdkCall/;

/** Whether `awsApiCall(service, api)` is answered; names as integ-tests-alpha's handler reads them. */
export function isSupportedApiCall(service: string, api: string): boolean {
  const lower = service.toLowerCase().replace(/^@aws-sdk\/client-/, '');
  const commands = SUPPORTED_API_CALLS[V2_TO_V3[lower] ?? lower] ?? [];
  const command = api.replace(/Command$/, '').toLowerCase();
  return commands.some((name) => name.toLowerCase() === command);
}

/** One line per SDK call of the test's stacks that the offline cloud does not answer. */
export function unsupportedApiCalls(stacks: readonly StackSource[], file: string): string[] {
  const supported = Object.entries(SUPPORTED_API_CALLS).map(([service, calls]) => `${service}: ${calls.join(', ')}`).join('; ');
  return stacks.flatMap((stack) => Object.entries(stack.template.Resources)
    .filter(([, resource]) => SDK_CALL_TYPE.test(resource.Type))
    .filter(([, resource]) => !isSupportedApiCall(String(resource.Properties?.service), String(resource.Properties?.api)))
    .map(([id, resource]) => `not supported: awsApiCall ${resource.Properties?.service}.${resource.Properties?.api} (${id}) in ${path.basename(file)}; `
      + `the offline cloud answers ${supported}`));
}
