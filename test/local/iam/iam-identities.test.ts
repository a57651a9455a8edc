import { createDeployEnvironment } from '../../../src/local/cloudformation/deploy-environment';
import { IamService } from '../../../src/local/iam/iam-service';

/**
 * The identities AWS_IAM routes evaluate: roles (by ARN or an assumed-role session), users, and
 * their inline, AWS::IAM::Policy and managed policies.
 */

const ENVIRONMENT = createDeployEnvironment({ region: 'us-east-1', accountId: '111122223333' });
const API_ARN = 'arn:aws:execute-api:us-east-1:111122223333:abc123';
const INVOKE_GET = { action: 'execute-api:Invoke', resource: `${API_ARN}/$default/GET/orders` };
const allowInvoke = (resource: string) => ({ Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource }] });
const TRUST = { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] };

async function create(iam: IamService, type: 'role' | 'user' | 'policy' | 'managed', logicalId: string, properties: Record<string, unknown>) {
  const provider = { role: iam.roleProvider, user: iam.userProvider, policy: iam.policyProvider, managed: iam.managedPolicyProvider }[type];
  return provider.create({ stackName: 'Stack', logicalId, type, properties, environment: ENVIRONMENT });
}

test('a role with a path: its ARN and any session of it are evaluated with its policies', async () => {
  const iam = new IamService();
  await create(iam, 'role', 'Caller', {
    RoleName: 'Caller',
    Path: '/team/',
    AssumeRolePolicyDocument: TRUST,
    Policies: [{ PolicyName: 'invoke', PolicyDocument: allowInvoke(`${API_ARN}/*/GET/*`) }],
  });
  expect(iam.identityDecision('arn:aws:iam::111122223333:role/team/Caller', INVOKE_GET)).toBe('Allow');
  expect(iam.identityDecision('arn:aws:sts::111122223333:assumed-role/Caller/my-session', INVOKE_GET)).toBe('Allow');
  expect(iam.identityDecision('arn:aws:iam::111122223333:role/team/Caller', { ...INVOKE_GET, resource: `${API_ARN}/$default/POST/orders` }))
    .toBe('ImplicitDeny');
});

test('a session of a same-named role in another account is not that role', async () => {
  const iam = new IamService();
  await create(iam, 'role', 'Caller', { RoleName: 'Caller', AssumeRolePolicyDocument: TRUST, Policies: [] });
  expect(iam.identityDecision('arn:aws:sts::999999999999:assumed-role/Caller/my-session', INVOKE_GET)).toBeUndefined();
  expect(iam.identityDecision('arn:aws:iam::111122223333:role/Other', INVOKE_GET)).toBeUndefined();
});

test('a user gets the policies attached to it: inline, AWS::IAM::Policy and customer managed', async () => {
  const iam = new IamService();
  const user = await create(iam, 'user', 'Invoker', { UserName: 'invoker' });
  expect(user).toEqual({ ref: 'invoker', attributes: { Arn: 'arn:aws:iam::111122223333:user/invoker' } });
  const arn = user.attributes.Arn;
  expect(iam.identityDecision(arn, INVOKE_GET)).toBe('ImplicitDeny');
  await create(iam, 'managed', 'Managed', { ManagedPolicyName: 'invoke-get', Users: ['invoker'], PolicyDocument: allowInvoke(`${API_ARN}/*/GET/*`) });
  expect(iam.identityDecision(arn, INVOKE_GET)).toBe('Allow');
  await create(iam, 'policy', 'DenyOrders', {
    PolicyName: 'deny-orders',
    Users: ['invoker'],
    PolicyDocument: { Statement: [{ Effect: 'Deny', Action: 'execute-api:*', Resource: `${API_ARN}/*/*/orders` }] },
  });
  expect(iam.identityDecision(arn, INVOKE_GET)).toBe('Deny');
});

test('an AWS::IAM::Policy naming a user that does not exist fails the deploy, as IAM does', async () => {
  const iam = new IamService();
  await expect(create(iam, 'policy', 'Orphan', { PolicyName: 'p', Users: ['nobody'], PolicyDocument: allowInvoke('*') }))
    .rejects.toThrow('The user with name nobody cannot be found.');
});
