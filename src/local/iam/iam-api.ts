import { IamService } from './iam-service';
import { queryError, queryParameters, queryResponse, requiredParameter } from '../query-protocol';
import { AwsApiError, ServiceEndpoint, ServiceRequest, ServiceResponse, notSupported } from '../service-endpoint';

/**
 * IAM's read calls on roles (query protocol, XML answers), from the roles the offline cloud
 * deployed: GetRole, GetRolePolicy, ListRolePolicies, ListAttachedRolePolicies. Policy documents
 * come URL-encoded, as IAM returns them.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
 */

const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

type Action = (iam: IamService, parameters: URLSearchParams) => ServiceResponse;

const ACTIONS: Record<string, Action> = {
  GetRole: getRole,
  GetRolePolicy: getRolePolicy,
  ListRolePolicies: listRolePolicies,
  ListAttachedRolePolicies: listAttachedRolePolicies,
};

/** The actions answered, as `not supported` names them. */
export const IAM_ACTIONS = Object.keys(ACTIONS);

export function iamApiEndpoint(iam: IamService): ServiceEndpoint {
  return new ServiceEndpoint({
    handle: (request) => handle(iam, request),
    renderError: (error) => queryError(NAMESPACE, error),
  });
}

function handle(iam: IamService, request: ServiceRequest): ServiceResponse {
  const parameters = queryParameters(request);
  const action = ACTIONS[parameters.get('Action') ?? ''];
  if (!action) throw notSupported(`IAM ${parameters.get('Action') ?? `${request.method} ${request.url.pathname} without Action`}`, IAM_ACTIONS);
  return action(iam, parameters);
}

function noSuchRole(roleName: string): AwsApiError {
  return new AwsApiError('NoSuchEntity', 404, `The role with name ${roleName} cannot be found.`);
}

/** A managed policy's name: the last part of its ARN (`arn:aws:iam::aws:policy/service-role/<name>`). */
function managedPolicyName(policyArn: string): string {
  return policyArn.slice(policyArn.lastIndexOf('/') + 1);
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
function encodedDocument(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
function getRole(iam: IamService, parameters: URLSearchParams): ServiceResponse {
  const roleName = requiredParameter(parameters, 'RoleName');
  const role = iam.role(roleName);
  if (!role) throw noSuchRole(roleName);
  return queryResponse(NAMESPACE, 'GetRole', {
    Role: {
      Path: role.path,
      RoleName: role.roleName,
      RoleId: role.roleId,
      Arn: role.arn,
      CreateDate: role.createDate.toISOString(),
      AssumeRolePolicyDocument: encodedDocument(role.assumeRolePolicyDocument),
      Description: role.description,
      MaxSessionDuration: role.maxSessionDuration,
      RoleLastUsed: {},
    },
  });
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
function getRolePolicy(iam: IamService, parameters: URLSearchParams): ServiceResponse {
  const roleName = requiredParameter(parameters, 'RoleName');
  const policyName = requiredParameter(parameters, 'PolicyName');
  const policies = iam.rolePolicies(roleName);
  if (!policies) throw noSuchRole(roleName);
  const document = policies.get(policyName);
  if (!document) throw new AwsApiError('NoSuchEntity', 404, `The role policy with name ${policyName} cannot be found.`);
  return queryResponse(NAMESPACE, 'GetRolePolicy', { RoleName: roleName, PolicyName: policyName, PolicyDocument: encodedDocument(document) });
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html
function listRolePolicies(iam: IamService, parameters: URLSearchParams): ServiceResponse {
  const roleName = requiredParameter(parameters, 'RoleName');
  const policies = iam.rolePolicies(roleName);
  if (!policies) throw noSuchRole(roleName);
  return queryResponse(NAMESPACE, 'ListRolePolicies', { PolicyNames: [...policies.keys()].sort(), IsTruncated: false });
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
function listAttachedRolePolicies(iam: IamService, parameters: URLSearchParams): ServiceResponse {
  const roleName = requiredParameter(parameters, 'RoleName');
  const arns = iam.attachedPolicyArns(roleName);
  if (!arns) throw noSuchRole(roleName);
  return queryResponse(NAMESPACE, 'ListAttachedRolePolicies', {
    AttachedPolicies: arns.map((arn) => ({ PolicyName: managedPolicyName(arn), PolicyArn: arn })),
    IsTruncated: false,
  });
}
