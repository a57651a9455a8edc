import {
  GetFunctionCommand, GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient, ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { ACCOUNT, REGION, deployEnvironment, deployFunction, inlinePython, newService } from './lambda-test-support';
import { LambdaService } from '../../../src/local/lambda';

describe('Lambda\'s read calls, with the AWS SDK v3 client', () => {
  let service: LambdaService;
  let client: LambdaClient;
  let arn: string;

  beforeAll(async () => {
    ({ service } = newService());
    ({ attributes: { Arn: arn } } = await deployFunction(service, 'Reader', inlinePython('def handler(event, context):\n    return 1\n', {
      FunctionName: 'reader',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 9,
      Description: 'reads things',
      Environment: { Variables: { STAGE: 'test' } },
      LoggingConfig: { LogGroup: 'custom-group' },
    })));
    await deployFunction(service, 'Plain', inlinePython('def handler(event, context):\n    return 1\n', { FunctionName: 'plain' }));
    await service.permissionProvider.create({
      stackName: 'TestStack',
      logicalId: 'Allow',
      type: 'AWS::Lambda::Permission',
      properties: { Action: 'lambda:InvokeFunction', FunctionName: 'reader', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:abc/*/*` },
      environment: deployEnvironment(),
    });
    client = new LambdaClient({ endpoint: await service.startInvokeApi(), region: REGION, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await service.stop();
  });

  test('GetFunctionConfiguration gives the configuration as deployed: arm64, memory, timeout, environment, log group', async () => {
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'reader' }));
    expect(config).toMatchObject({
      FunctionName: 'reader',
      FunctionArn: arn,
      Runtime: 'python3.11',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 9,
      Description: 'reads things',
      Version: '$LATEST',
      State: 'Active',
      PackageType: 'Zip',
      Environment: { Variables: { STAGE: 'test' } },
      LoggingConfig: { LogFormat: 'Text', LogGroup: 'custom-group' },
    });
    expect(config.CodeSize).toBeGreaterThan(0);
    expect(config.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  test('GetFunction, by ARN, wraps the same configuration with the code location', async () => {
    const answer = await client.send(new GetFunctionCommand({ FunctionName: arn }));
    expect(answer.Configuration?.FunctionName).toBe('reader');
    expect(answer.Code?.RepositoryType).toBe('S3');
    const plain = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'plain' }));
    expect(plain.Architectures).toEqual(['x86_64']);
    expect(plain.LoggingConfig?.LogGroup).toBe('/aws/lambda/plain');
  });

  test('GetPolicy gives the resource-based policy document as a JSON string', async () => {
    const answer = await client.send(new GetPolicyCommand({ FunctionName: 'reader' }));
    const policy = JSON.parse(answer.Policy!);
    expect(policy).toMatchObject({ Version: '2012-10-17', Id: 'default' });
    expect(policy.Statement).toEqual([expect.objectContaining({
      Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: arn,
    })]);
  });

  test('GetPolicy of a function without a policy raises ResourceNotFoundException', async () => {
    await expect(client.send(new GetPolicyCommand({ FunctionName: 'plain' }))).rejects.toThrow(ResourceNotFoundException);
  });

  test('an unknown function, or a version the offline cloud does not have, raises ResourceNotFoundException with its ARN', async () => {
    await expect(client.send(new GetFunctionCommand({ FunctionName: 'nope' })))
      .rejects.toThrow(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope`);
    await expect(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'reader', Qualifier: '3' })))
      .rejects.toThrow(`Function not found: ${arn}:3`);
  });
});
