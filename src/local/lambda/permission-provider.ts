import { FunctionLocation, FunctionRegistry } from './function-registry';
import { lambdaDeployError } from './lambda-errors';
import { PolicyRejection } from './resource-policy';
import { generatedName } from '../cloudformation/physical-name';
import {
  DeployError, ProvisionedResource, ProvisionRequest, ResourceProvider,
} from '../cloudformation/resource-provider';
import { PolicyStatement } from '../iam/policy-document';

/**
 * Deploys `AWS::Lambda::Permission`: adds one statement to the function's resource-based policy,
 * in the form Lambda stores it (what `GetPolicy` returns). Ref = the statement id.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html
 */
export class LambdaPermissionProvider implements ResourceProvider {
  constructor(private readonly registry: FunctionRegistry) {}

  async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { logicalId, stackName } = request;
    const props = request.properties;
    for (const required of ['Action', 'FunctionName', 'Principal']) {
      if (props[required] === undefined) throw new DeployError(`${logicalId}: ${required} is required`);
    }
    const functionName = String(props.FunctionName);
    const reference = this.registry.parse(functionName);
    if (!reference) {
      throw new DeployError(`${logicalId}: FunctionName "${functionName}" is not a function name, ARN or partial ARN`);
    }
    // https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
    if (reference.qualifier === '$LATEST') {
      throw lambdaDeployError(logicalId, 'InvalidParameterValueException', 400, 'We currently do not support adding policies for $LATEST.');
    }
    // A version's or alias's policy is its own: the statement covers only invocations through that
    // qualified ARN (AWS-SEMANTICS.md §4, Qualifiers). https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
    const target = this.registry.qualified(functionName);
    if (!target) throw lambdaDeployError(logicalId, 'ResourceNotFoundException', 404, `Function not found: ${reference.arn}`);

    const sid = generatedName(stackName, logicalId, 100);
    const statement = permissionStatement(sid, props, target.invokedArn, request.environment, logicalId);
    try {
      target.policy.add(statement);
    } catch (error) {
      if (error instanceof PolicyRejection) {
        const status = error.errorCode === 'ResourceConflictException' ? 409 : 400;
        throw lambdaDeployError(logicalId, error.errorCode, status, error.message);
      }
      throw error;
    }
    return { ref: sid, attributes: { Id: sid } };
  }
}

/**
 * The statement Lambda stores for an AddPermission call: principal as `Service` or `AWS`, the
 * source and other conditions as `ArnLike` / `StringEquals` / `Bool` conditions.
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 */
export function permissionStatement(
  sid: string, props: Record<string, any>, functionArn: string, location: FunctionLocation, logicalId: string,
): PolicyStatement {
  const stringEquals: Record<string, string> = {};
  if (props.SourceAccount !== undefined) stringEquals['AWS:SourceAccount'] = String(props.SourceAccount);
  if (props.PrincipalOrgID !== undefined) stringEquals['aws:PrincipalOrgID'] = String(props.PrincipalOrgID);
  if (props.EventSourceToken !== undefined) stringEquals['lambda:EventSourceToken'] = String(props.EventSourceToken);
  if (props.FunctionUrlAuthType !== undefined) stringEquals['lambda:FunctionUrlAuthType'] = String(props.FunctionUrlAuthType);

  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(stringEquals).length > 0) condition.StringEquals = stringEquals;
  if (props.SourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': String(props.SourceArn) };
  if (props.InvokedViaFunctionUrl === true || props.InvokedViaFunctionUrl === 'true') {
    condition.Bool = { 'lambda:InvokedViaFunctionUrl': 'true' };
  }

  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalOf(String(props.Principal), location, logicalId),
    Action: String(props.Action),
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** A service principal becomes `{Service}`, an account id or ARN `{AWS}`, `*` stays `*`. */
function principalOf(principal: string, location: FunctionLocation, logicalId: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${location.partition}:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  if (/^[a-z0-9.-]+\.[a-z0-9.-]+$/.test(principal)) return { Service: principal };
  throw lambdaDeployError(logicalId, 'InvalidParameterValueException', 400, 'The provided principal was invalid. Please check the principal and try again.');
}
