import { createDeployEnvironment, withAssetPaths } from '../../../src/local/cloudformation/deploy-environment';

describe('createDeployEnvironment', () => {
  test('defaults to a us-east-1 account in the aws partition', () => {
    const environment = createDeployEnvironment();
    expect(environment).toMatchObject({ region: 'us-east-1', accountId: '123456789012', partition: 'aws', urlSuffix: 'amazonaws.com' });
    expect(environment.assetPath('x.zip')).toBeUndefined();
  });

  test('derives partition and URL suffix from a China or GovCloud region', () => {
    expect(createDeployEnvironment({ region: 'cn-north-1' })).toMatchObject({ partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' });
    expect(createDeployEnvironment({ region: 'us-gov-west-1' })).toMatchObject({ partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' });
  });

  test('finds assets by object key, a stack\'s own assets first', () => {
    const environment = createDeployEnvironment({ assetPaths: new Map([['a.zip', '/env/a'], ['b.zip', '/env/b']]) });
    const stackEnvironment = withAssetPaths(environment, new Map([['a.zip', '/stack/a']]));
    expect(stackEnvironment.assetPath('a.zip')).toBe('/stack/a');
    expect(stackEnvironment.assetPath('b.zip')).toBe('/env/b');
    expect(stackEnvironment.region).toBe('us-east-1');
  });
});
