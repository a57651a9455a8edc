import { ACCOUNT, deployEnvironment, deployFunction, inlinePython, newService, REGION } from './lambda-test-support';
import { DeployError } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService, POLICY_SIZE_LIMIT_BYTES } from '../../../src/local/lambda';

describe('AWS::Lambda::Permission provider', () => {
  let service: LambdaService;
  let functionArn: string;
  let functionName: string;

  beforeEach(async () => {
    ({ service } = newService());
    const resource = await deployFunction(service, 'Fn', inlinePython('def handler(e, c):\n    return 1\n'));
    functionArn = resource.attributes.Arn;
    functionName = resource.ref;
  });
  afterEach(async () => {
    await service.stop();
  });

  function addPermission(logicalId: string, properties: Record<string, any>) {
    return service.permissionProvider.create({
      stackName: 'TestStack', logicalId, type: 'AWS::Lambda::Permission', properties, environment: deployEnvironment(),
    });
  }

  test('a permission becomes one statement of the function\'s policy in the form Lambda stores', async () => {
    const sourceArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/*`;

    const resource = await addPermission('InvokePermission', {
      Action: 'lambda:InvokeFunction', FunctionName: functionArn, Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn,
    });

    expect(resource.ref).toMatch(/^TestStack-InvokePermission-[A-Za-z0-9]{12}$/);
    expect(service.policyStatements(functionArn)).toEqual([{
      Sid: resource.ref,
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: functionArn,
      Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
    }]);
  });

  test('a source account and an account principal become StringEquals and an AWS principal', async () => {
    await addPermission('ByName', { Action: 'lambda:InvokeFunction', FunctionName: functionName, Principal: '210987654321', SourceAccount: ACCOUNT });
    await addPermission('ByPartialArn', { Action: 'lambda:InvokeFunction', FunctionName: `${ACCOUNT}:function:${functionName}`, Principal: '*' });

    const [byName, byPartialArn] = service.policyStatements(functionName);

    expect(byName).toMatchObject({ Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT } } });
    expect(byPartialArn).toMatchObject({ Principal: '*', Resource: functionArn });
    expect(byPartialArn.Condition).toBeUndefined();
  });

  test('a permission for an unknown function fails with Lambda\'s ResourceNotFoundException message', async () => {
    const deploy = addPermission('Orphan', { Action: 'lambda:InvokeFunction', FunctionName: 'nope', Principal: 'apigateway.amazonaws.com' });

    await expect(deploy).rejects.toBeInstanceOf(DeployError);
    await expect(deploy).rejects.toThrow(`Orphan: Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope`);
  });

  test('a permission on an alias that does not exist fails with ResourceNotFoundException, and $LATEST is refused as Lambda does', async () => {
    await expect(addPermission('Alias', { Action: 'lambda:InvokeFunction', FunctionName: `${functionArn}:live`, Principal: 'sns.amazonaws.com' }))
      .rejects.toThrow(`Alias: Function not found: ${functionArn}:live (Service: Lambda, Status Code: 404, Error Code: ResourceNotFoundException)`);
    await expect(addPermission('Latest', { Action: 'lambda:InvokeFunction', FunctionName: `${functionName}:$LATEST`, Principal: 'sns.amazonaws.com' }))
      .rejects.toThrow('We currently do not support adding policies for $LATEST.');
  });

  test('a policy that would exceed 20,480 bytes is refused with PolicyLengthExceededException\'s message', async () => {
    const permission = (i: number) => ({
      Action: 'lambda:InvokeFunction',
      FunctionName: functionArn,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc123/*/GET/route/number/${i}`,
    });
    let added = 0;
    let failure: Error | undefined;
    for (; added < 200 && !failure; added++) {
      await addPermission(`Route${added}`, permission(added)).catch((error) => { failure = error; });
    }
    const kept = service.policyStatements(functionArn);
    const keptSize = Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: kept }));

    expect(failure).toBeInstanceOf(DeployError);
    expect(failure!.message).toMatch(/The final policy size \((\d+)\) is bigger than the limit \(20480\)\./);
    expect(Number(/size \((\d+)\)/.exec(failure!.message)![1])).toBeGreaterThan(POLICY_SIZE_LIMIT_BYTES);
    expect(failure!.message).toContain('PolicyLengthExceededException');
    expect(kept.length).toBe(added - 1);
    expect(keptSize).toBeLessThanOrEqual(POLICY_SIZE_LIMIT_BYTES);
  });

  test('policyStatements of a function without permissions, of no function, or of an alias ARN is empty', async () => {
    expect(service.policyStatements(functionArn)).toEqual([]);
    expect(service.policyStatements(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:other`)).toEqual([]);

    await addPermission('Allow', { Action: 'lambda:InvokeFunction', FunctionName: functionName, Principal: 'apigateway.amazonaws.com' });

    expect(service.policyStatements(functionArn)).toHaveLength(1);
    expect(service.policyStatements(`${functionArn}:live`)).toEqual([]);
  });

  test('the providers are registered by resource type', () => {
    expect(service.providers['AWS::Lambda::Function']).toBe(service.functionProvider);
    expect(service.providers['AWS::Lambda::Permission']).toBe(service.permissionProvider);
  });
});
