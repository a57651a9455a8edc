import {
  GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { CLIENT_OPTIONS, DeployedApi, deployObservedApi } from '../deployed-api-fixture';
import { removeTempDirs } from '../local-cloud-support';

describe('the IAM API (roles), called with the AWS SDK v3 client', () => {
  let deployed: DeployedApi;
  let client: IAMClient;
  let roleName: string;

  beforeAll(async () => {
    deployed = await deployObservedApi();
    roleName = deployed.outputs.RoleName;
    client = new IAMClient({ ...CLIENT_OPTIONS, endpoint: deployed.endpoints.AWS_ENDPOINT_URL_IAM });
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await deployed?.cloud.stop();
    removeTempDirs();
  });

  test('GetRole describes the function\'s execution role, its trust policy URL-encoded as IAM returns it', async () => {
    const { Role: role } = await client.send(new GetRoleCommand({ RoleName: roleName }));
    expect(role).toMatchObject({ RoleName: roleName, Path: '/', Arn: `arn:aws:iam::123456789012:role/${roleName}`, MaxSessionDuration: 3600 });
    expect(role?.RoleId).toMatch(/^AROA[0-9A-F]{16}$/);
    expect(role?.CreateDate).toBeInstanceOf(Date);
    expect(role?.Description).toMatch(/\S/);
    const trust = JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!));
    expect(trust.Statement[0]).toMatchObject({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } });
  });

  test('ListRolePolicies and GetRolePolicy give the inline policies and their documents', async () => {
    const { PolicyNames: names } = await client.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    expect(names?.length).toBeGreaterThan(0);
    const policy = await client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: names![0] }));
    expect(policy.PolicyName).toBe(names![0]);
    const document = JSON.parse(decodeURIComponent(policy.PolicyDocument!));
    expect(JSON.stringify(document.Statement)).toContain('logs:PutLogEvents');
  });

  test('ListAttachedRolePolicies gives the managed policies by name and ARN', async () => {
    const answer = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: deployed.outputs.ManagedRoleName }));
    expect(answer.IsTruncated).toBe(false);
    expect(answer.AttachedPolicies).toEqual([{
      PolicyName: 'AWSLambdaBasicExecutionRole',
      PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    }]);
    const none = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
    expect(none.AttachedPolicies).toEqual([]);
  });

  test('an unknown role or role policy raises NoSuchEntity, worded as IAM does', async () => {
    await expect(client.send(new GetRoleCommand({ RoleName: 'nope' }))).rejects.toThrow(NoSuchEntityException);
    await expect(client.send(new GetRoleCommand({ RoleName: 'nope' }))).rejects.toThrow('The role with name nope cannot be found.');
    await expect(client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'nope' })))
      .rejects.toThrow('The role policy with name nope cannot be found.');
  });

  test('an action the offline cloud does not answer says not supported, in IAM\'s XML error shape', async () => {
    const response = await fetch(deployed.endpoints.AWS_ENDPOINT_URL_IAM, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateRole&Version=2010-05-08',
    });
    expect(response.status).toBe(501);
    const body = await response.text();
    expect(body).toMatch(/<Code>NotSupported<\/Code><Message>not supported: IAM CreateRole in the offline cloud; it answers GetRole, GetRolePolicy/);
  });
});
