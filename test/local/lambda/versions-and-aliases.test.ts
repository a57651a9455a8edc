import { ACCOUNT, deployEnvironment, deployFunction, inlinePython, newService, REGION } from './lambda-test-support';
import { DeployError } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService } from '../../../src/local/lambda';

// Reports what Lambda tells the function about the version it runs and how it was invoked.
const WHO_AM_I = inlinePython([
  'import os',
  'def handler(event, context):',
  '    return {"invokedArn": context.invoked_function_arn, "contextVersion": context.function_version,',
  '            "envVersion": os.environ["AWS_LAMBDA_FUNCTION_VERSION"], "initType": os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"],',
  '            "logStream": os.environ["AWS_LAMBDA_LOG_STREAM_NAME"], "pid": os.getpid()}',
].join('\n'));

const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:who`;

describe('AWS::Lambda::Version and AWS::Lambda::Alias', () => {
  let service: LambdaService;
  let lines: string[];

  beforeEach(async () => {
    ({ service, lines } = newService());
    await deployFunction(service, 'Who', { ...WHO_AM_I, FunctionName: 'who' });
  });
  afterEach(() => service.stop());

  function create(type: 'Version' | 'Alias' | 'Permission', logicalId: string, properties: Record<string, any>) {
    return service.providers[`AWS::Lambda::${type}`].create({
      stackName: 'TestStack', logicalId, type: `AWS::Lambda::${type}`, properties, environment: deployEnvironment(),
    });
  }

  async function invoke(name: string, qualifier?: string) {
    const result = await service.invoke(name, Buffer.from('{}'), { qualifier });
    return { executedVersion: result.executedVersion, ...JSON.parse(result.payload.toString('utf8')) };
  }

  test('a version\'s Ref is its ARN and GetAtt Version its number; an alias\'s Ref and AliasArn are the alias ARN', async () => {
    const first = await create('Version', 'V1', { FunctionName: 'who' });
    const second = await create('Version', 'V2', { FunctionName: FUNCTION_ARN });
    const alias = await create('Alias', 'Live', { FunctionName: 'who', FunctionVersion: second.attributes.Version, Name: 'live' });

    expect(first).toEqual({ ref: `${FUNCTION_ARN}:1`, attributes: { Version: '1', FunctionArn: `${FUNCTION_ARN}:1` } });
    expect(second.attributes.Version).toBe('2');
    expect(alias).toEqual({ ref: `${FUNCTION_ARN}:live`, attributes: { AliasArn: `${FUNCTION_ARN}:live` } });
  });

  test('invoking by alias name, alias ARN, version, or the Qualifier parameter runs that version and tells the function so', async () => {
    await create('Version', 'V1', { FunctionName: 'who' });
    await create('Alias', 'Live', { FunctionName: 'who', FunctionVersion: '1', Name: 'live' });

    const byAliasName = await invoke('who:live');
    const byAliasArn = await invoke(`${FUNCTION_ARN}:live`);
    const byVersion = await invoke('who:1');
    const byQualifier = await invoke('who', 'live');
    const unqualified = await invoke('who');

    expect(byAliasName).toMatchObject({ executedVersion: '1', invokedArn: `${FUNCTION_ARN}:live`, contextVersion: '1', envVersion: '1', initType: 'on-demand' });
    expect(byAliasName.logStream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[1\][0-9a-f]{32}$/);
    expect(byAliasArn).toMatchObject({ executedVersion: '1', invokedArn: `${FUNCTION_ARN}:live` });
    expect(byVersion).toMatchObject({ executedVersion: '1', invokedArn: `${FUNCTION_ARN}:1`, envVersion: '1' });
    expect(byQualifier).toMatchObject({ executedVersion: '1', invokedArn: `${FUNCTION_ARN}:live` });
    expect(unqualified).toMatchObject({ executedVersion: '$LATEST', invokedArn: FUNCTION_ARN, contextVersion: '$LATEST', envVersion: '$LATEST' });
    // Each version has execution environments of its own.
    expect(unqualified.pid).not.toBe(byVersion.pid);
    expect(byAliasName.pid).toBe(byVersion.pid);
    expect(lines).toContainEqual(expect.stringMatching(/^\[who\] START RequestId: \S+ Version: 1$/));
  });

  test('an unknown version or alias is ResourceNotFoundException naming the qualified ARN; a Qualifier that contradicts the name is refused', async () => {
    await expect(invoke('who:9')).rejects.toMatchObject({ name: 'ResourceNotFoundException', statusCode: 404, message: `Function not found: ${FUNCTION_ARN}:9` });
    await expect(invoke('who', 'beta')).rejects.toMatchObject({ message: `Function not found: ${FUNCTION_ARN}:beta` });
    await expect(invoke('who:1', '2')).rejects.toMatchObject({ name: 'InvalidParameterValueException', statusCode: 400 });
  });

  test('an alias with a routing configuration picks each version by its weight', async () => {
    await create('Version', 'V1', { FunctionName: 'who' });
    await create('Version', 'V2', { FunctionName: 'who' });
    await create('Alias', 'Half', { FunctionName: 'who', FunctionVersion: '1', Name: 'half', RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: '2', FunctionWeight: 0.5 }] } });
    await create('Alias', 'None', { FunctionName: 'who', FunctionVersion: '1', Name: 'none', RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: '2', FunctionWeight: 0 }] } });
    await create('Alias', 'All', { FunctionName: 'who', FunctionVersion: '1', Name: 'all', RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: '2', FunctionWeight: 1 }] } });

    const versions = async (name: string) => {
      const seen = [];
      // 40 picks at 0.5: both versions appear but with probability 2 x 2^-40.
      for (let i = 0; i < 40; i++) seen.push((await service.invoke(name, Buffer.from('{}'))).executedVersion);
      return new Set(seen);
    };

    expect(await versions('who:half')).toEqual(new Set(['1', '2']));
    expect(await versions('who:none')).toEqual(new Set(['1']));
    expect(await versions('who:all')).toEqual(new Set(['2']));
    expect(lines).toContainEqual(expect.stringContaining('V2 publishes version 2 of an unchanged function'));
  });

  test('aliases are checked as Lambda checks them: the name, the version, and routing between published versions only', async () => {
    await create('Version', 'V1', { FunctionName: 'who' });

    await expect(create('Alias', 'Numeric', { FunctionName: 'who', FunctionVersion: '1', Name: '7' }))
      .rejects.toThrow(/Value '7' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await expect(create('Alias', 'Missing', { FunctionName: 'who', FunctionVersion: '5', Name: 'x' }))
      .rejects.toThrow(`Missing: Function not found: ${FUNCTION_ARN}:5`);
    await expect(create('Alias', 'Latest', { FunctionName: 'who', FunctionVersion: '$LATEST', Name: 'y', RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: '1', FunctionWeight: 0.1 }] } }))
      .rejects.toThrow('$LATEST is not supported for an alias pointing to more than 1 version');
    await expect(create('Alias', 'Heavy', { FunctionName: 'who', FunctionVersion: '1', Name: 'z', RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: '1', FunctionWeight: 2 }] } }))
      .rejects.toThrow('Heavy: RoutingConfig.AdditionalVersionWeights[0].FunctionWeight must be a number from 0.0 to 1.0; got 2');
    await expect(create('Alias', 'Qualified', { FunctionName: 'who:1', FunctionVersion: '1', Name: 'q' })).rejects.toBeInstanceOf(DeployError);
    await create('Alias', 'Live', { FunctionName: 'who', FunctionVersion: '$LATEST', Name: 'live' });
    await expect(create('Alias', 'Again', { FunctionName: 'who', FunctionVersion: '1', Name: 'live' }))
      .rejects.toThrow(`Alias already exists: ${FUNCTION_ARN}:live`);
  });

  test('a permission on an alias is the alias\'s own: it does not cover the function, and the function\'s does not cover the alias', async () => {
    await create('Version', 'V1', { FunctionName: 'who' });
    await create('Alias', 'Live', { FunctionName: 'who', FunctionVersion: '1', Name: 'live' });
    await create('Alias', 'Beta', { FunctionName: 'who', FunctionVersion: '1', Name: 'beta' });

    await create('Permission', 'OnAlias', { Action: 'lambda:InvokeFunction', FunctionName: `${FUNCTION_ARN}:live`, Principal: 'apigateway.amazonaws.com' });
    await create('Permission', 'OnVersion', { Action: 'lambda:InvokeFunction', FunctionName: 'who:1', Principal: 'sns.amazonaws.com' });
    await create('Permission', 'OnFunction', { Action: 'lambda:InvokeFunction', FunctionName: 'who', Principal: 's3.amazonaws.com' });

    expect(service.policyStatements(`${FUNCTION_ARN}:live`)).toEqual([expect.objectContaining({ Principal: { Service: 'apigateway.amazonaws.com' }, Resource: `${FUNCTION_ARN}:live` })]);
    expect(service.policyStatements(`${FUNCTION_ARN}:1`)).toEqual([expect.objectContaining({ Principal: { Service: 'sns.amazonaws.com' }, Resource: `${FUNCTION_ARN}:1` })]);
    expect(service.policyStatements(FUNCTION_ARN)).toEqual([expect.objectContaining({ Principal: { Service: 's3.amazonaws.com' }, Resource: FUNCTION_ARN })]);
    expect(service.policyStatements(`${FUNCTION_ARN}:beta`)).toEqual([]);
    expect(service.resourcePolicy(`${FUNCTION_ARN}:gamma`)).toBeUndefined();
    await expect(create('Permission', 'OnNothing', { Action: 'lambda:InvokeFunction', FunctionName: `${FUNCTION_ARN}:gamma`, Principal: 'sns.amazonaws.com' }))
      .rejects.toThrow(`OnNothing: Function not found: ${FUNCTION_ARN}:gamma`);
  });

  test('provisioned concurrency on an alias starts that many initialized workers of its version before any invocation', async () => {
    await create('Version', 'V1', { FunctionName: 'who' });
    await create('Alias', 'Warm', { FunctionName: 'who', FunctionVersion: '1', Name: 'warm', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } });

    expect(lines).toContain('[who] provisioned concurrency 2 on alias warm: 2 worker(s) of version 1 started');
    const [first, second] = await Promise.all([invoke('who:warm'), invoke('who:warm')]);

    expect(first).toMatchObject({ executedVersion: '1', initType: 'provisioned-concurrency' });
    expect(second).toMatchObject({ initType: 'provisioned-concurrency' });
    expect(first.pid).not.toBe(second.pid);
    // Their init happened before: no REPORT carries an init duration.
    const reports = lines.filter((line) => line.startsWith('[who] REPORT'));
    expect(reports).toHaveLength(2);
    expect(reports.some((line) => line.includes('Init Duration'))).toBe(false);
  });

  test('provisioned concurrency beyond the host\'s workers starts as many as fit and says so', async () => {
    await service.stop();
    ({ service, lines } = newService({ workerLimit: 1 }));
    await deployFunction(service, 'Who', { ...WHO_AM_I, FunctionName: 'who' });
    await create('Version', 'V1', { FunctionName: 'who', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 } });

    expect(lines).toContainEqual(expect.stringMatching(/^\[who\] provisioned concurrency 3 on version 1: 1 worker\(s\) of version 1 started \(the host's worker limit/));
    expect(await invoke('who:1')).toMatchObject({ initType: 'provisioned-concurrency' });
  });

  test('provisioned concurrency needs a published version and no more than the function\'s reserved concurrency', async () => {
    await expect(create('Alias', 'OnLatest', { FunctionName: 'who', FunctionVersion: '$LATEST', Name: 'l', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 } }))
      .rejects.toThrow('Provisioned Concurrency Configs cannot be applied to unpublished function versions.');
    await deployFunction(service, 'Capped', { ...WHO_AM_I, FunctionName: 'capped', ReservedConcurrentExecutions: 1 });
    await expect(create('Version', 'Over', { FunctionName: 'capped', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } }))
      .rejects.toThrow(/Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function/);
  });
});
