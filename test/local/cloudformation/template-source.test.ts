import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { readTemplateSource, stackNameFromFile } from '../../../src/local/cloudformation/template-source';

const helloSnapshot = resolve(__dirname, '../../../integ/integ.hello.ts.snapshot');

describe('readTemplateSource', () => {
  test('reads every stack of a cloud assembly folder', () => {
    expect(readTemplateSource(helloSnapshot).map((stack) => stack.stackName))
      .toEqual(['GravitonHello', 'HelloTestDefaultTestDeployAssert4AF16256']);
  });

  test('reads a YAML template file as one stack named after the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'template-source-'));
    const file = join(dir, 'my_api.yaml');
    writeFileSync(file, 'Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: !Ref AWS::StackName\n');
    const [stack] = readTemplateSource(file);
    expect(stack).toMatchObject({ stackName: 'my-api', templateFile: file, dependencies: [] });
    expect(stack.template.Resources.Api.Properties).toEqual({ Name: { Ref: 'AWS::StackName' } });
    expect(stack.assetPaths.size).toBe(0);
  });

  test('keeps the assets of a template taken from a cdk.out folder', () => {
    const [stack] = readTemplateSource(join(helloSnapshot, 'HelloTestDefaultTestDeployAssert4AF16256.template.json'));
    expect(stack.stackName).toBe('HelloTestDefaultTestDeployAssert4AF16256');
    expect(stack.assetPaths.get('b5c2a7158e57582e84496b24c0499302cec1fd88624535b3dfb629311b3fdc2a.zip'))
      .toBe(join(helloSnapshot, 'asset.b5c2a7158e57582e84496b24c0499302cec1fd88624535b3dfb629311b3fdc2a.bundle'));
  });

  test('names a path that does not exist', () => {
    expect(() => readTemplateSource('/nonexistent/template.json')).toThrow('/nonexistent/template.json: no such file or folder');
  });
});

describe('stackNameFromFile', () => {
  test('strips template extensions and replaces characters a stack name cannot hold', () => {
    expect(stackNameFromFile('/x/MyStack.template.json')).toBe('MyStack');
    expect(stackNameFromFile('api.yml')).toBe('api');
    expect(stackNameFromFile('my stack.v2.json')).toBe('my-stack-v2');
    expect(stackNameFromFile('2024-app.yaml')).toBe('Stack-2024-app');
  });
});
