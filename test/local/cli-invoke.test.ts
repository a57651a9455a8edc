import { newCloud, removeTempDirs, writeTemplate } from './local-cloud-support';
import { reference } from './templates';
import { findFunction } from '../../src/local/cli-invoke';
import { readTemplateSource } from '../../src/local/cloudformation/template-source';
import { LocalCloud } from '../../src/local/local-cloud';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:graviton-function';

let cloud: LocalCloud;
beforeEach(() => ({ cloud } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

test('invoke finds a version or alias by <StackName>/<LogicalId> or a qualified function name, and Lambda runs that version', async () => {
  const template = reference();
  template.Resources.Function.Properties.Code.ZipFile = 'import os\n\ndef lambda_handler(event, context):\n    return [context.invoked_function_arn, os.environ["AWS_LAMBDA_FUNCTION_VERSION"]]\n';
  template.Resources.Version = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Function' } } };
  template.Resources.Alias = { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Function' }, FunctionVersion: '1', Name: 'live' } };
  const file = writeTemplate(template);
  const deployed = await cloud.deploy(file);
  const find = (functionId: string) => findFunction(deployed, readTemplateSource(file), functionId);
  const run = async (functionId: string) => JSON.parse((await cloud.lambda.invoke(find(functionId), Buffer.from('{}'))).payload.toString());
  const stackName = deployed[0].stackName;

  expect(find(`${stackName}/Alias`)).toBe(`${FUNCTION_ARN}:live`);
  expect(await run(`${stackName}/Alias`)).toEqual([`${FUNCTION_ARN}:live`, '1']);
  expect(await run(`${stackName}/Version`)).toEqual([`${FUNCTION_ARN}:1`, '1']);
  expect(await run('graviton-function:live')).toEqual([`${FUNCTION_ARN}:live`, '1']);
  expect(await run(`${stackName}/Function`)).toEqual([FUNCTION_ARN, '$LATEST']);
  expect(() => find('other-function:live')).toThrow(/no function "other-function:live"/);
});
