import { deployOneApi, newCloud, removeTempDirs, request, writeTemplate } from './local-cloud-support';
import { reference } from './templates';
import { LocalCloud } from '../../src/local/local-cloud';

// Answers what Lambda told it: the ARN it was invoked by and the version that runs.
const WHO_AM_I = 'import os\n\ndef lambda_handler(event, context):\n    return {"invokedArn": context.invoked_function_arn, "version": os.environ["AWS_LAMBDA_FUNCTION_VERSION"]}\n';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:graviton-function';

/** The reference template with version 1, alias `live`, and the integration invoking the alias ARN. */
function aliasTemplate(): any {
  const template = reference();
  const resources = template.Resources;
  resources.Function.Properties.Code.ZipFile = WHO_AM_I;
  resources.Version = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Function' } } };
  resources.Alias = {
    Type: 'AWS::Lambda::Alias',
    Properties: { FunctionName: { Ref: 'Function' }, FunctionVersion: { 'Fn::GetAtt': ['Version', 'Version'] }, Name: 'live' },
  };
  resources.Integration.Properties.IntegrationUri = { Ref: 'Alias' };
  return template;
}

/** Resource-policy mode: no invoke role, one permission on `functionName`. */
function withPermissionOn(template: any, functionName: object): any {
  delete template.Resources.Integration.Properties.CredentialsArn;
  delete template.Resources.InvokeRole;
  template.Resources.Permission = {
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: functionName, Principal: 'apigateway.amazonaws.com' },
  };
  return template;
}

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

describe('an HTTP API integration whose IntegrationUri is an alias ARN', () => {
  test('invokes the alias\'s version with a role allowed on the alias ARN; the function sees the alias ARN', async () => {
    const template = aliasTemplate();
    template.Resources.InvokeRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource = { Ref: 'Alias' };
    const url = await deployOneApi(cloud, writeTemplate(template));

    const response = await request(url);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ invokedArn: `${FUNCTION_ARN}:live`, version: '1' });
  });

  test.each([
    ['a role allowed only on the unqualified function ARN', (template: any) => template],
    ['a resource policy on the unqualified function', (template: any) => withPermissionOn(template, { Ref: 'Function' })],
  ])('answers 500 with %s: a grant on the function does not cover its alias', async (_, change) => {
    const url = await deployOneApi(cloud, writeTemplate(change(aliasTemplate())));

    const response = await request(url);

    expect(response.status).toBe(500);
    expect(response.body).toBe('{"message":"Internal Server Error"}');
    expect(logs).toContainEqual(expect.stringContaining(`cannot invoke ${FUNCTION_ARN}:live`));
  });

  test('invokes the alias with a permission whose FunctionName is the alias ARN', async () => {
    const url = await deployOneApi(cloud, writeTemplate(withPermissionOn(aliasTemplate(), { Ref: 'Alias' })));

    const response = await request(url);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ invokedArn: `${FUNCTION_ARN}:live`, version: '1' });
  });

  test('a permission on the alias does not let API Gateway invoke the unqualified function', async () => {
    const template = withPermissionOn(aliasTemplate(), { Ref: 'Alias' });
    template.Resources.Integration.Properties.IntegrationUri = { 'Fn::GetAtt': ['Function', 'Arn'] };
    const url = await deployOneApi(cloud, writeTemplate(template));

    expect((await request(url)).status).toBe(500);
  });
});
