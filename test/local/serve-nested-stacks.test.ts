/**
 * Nested stacks as CDK's `NestedStack` synthesizes them (each template a file asset of the
 * top-level stack, `TemplateURL` its S3 URL), deployed by the offline cloud: two levels, the
 * parameters CDK wires through them, and outputs read back through `Outputs.<Name>`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnOutput, CfnParameter, NestedStack, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { newCloud, removeTempDirs, request, synthesize, tempDir } from './local-cloud-support';
import { GravitonHttpLambdaApi } from '../../src';
import { findFunction } from '../../src/local/cli-invoke';
import { readTemplateSource } from '../../src/local/cloudformation/template-source';
import { LocalCloud } from '../../src/local/local-cloud';

jest.setTimeout(60_000);

let cloud: LocalCloud;
let logLines: string[];
beforeEach(() => ({ cloud, logs: logLines } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

/** The seed's handler: the reference answer on `GET /`, the function's environment on `GET /env`. */
const code = lambda.Code.fromInline([
  'import json, os',
  '',
  'def lambda_handler(event, context):',
  '    if event["rawPath"] == "/env":',
  '        return {"statusCode": 200, "body": json.dumps({k: os.environ.get(k) for k in ("GREETING", "LOG_GROUP", "AWS_REGION")})}',
  '    return {"statusCode": 200, "body": json.dumps(\'Hello form Awstut !\')}',
  '',
].join('\n'));

/**
 * `TestStack` → `Outer` (nested) → `Inner` (nested) holding the construct. The inner stack
 * declares a `Greeting` parameter its parent passes, and reads a log group of the top-level
 * stack (CDK passes its name down through a parameter of each level); the top-level stack
 * outputs the inner API's URL (CDK reads it up through an output of each level).
 */
function nestedApp(stack: Stack): void {
  const logGroup = new logs.LogGroup(stack, 'Shared', { logGroupName: 'shared-log-group' });
  const outer = new NestedStack(stack, 'Outer');
  const inner = new NestedStack(outer, 'Inner', { parameters: { Greeting: 'hello from the outer stack' } });
  const greeting = new CfnParameter(inner, 'Greeting', { type: 'String' });
  const api = new GravitonHttpLambdaApi(inner, 'Api', {
    code,
    handler: 'index.lambda_handler',
    routeKeys: ['GET /', 'GET /env'],
    environment: { GREETING: greeting.valueAsString, LOG_GROUP: logGroup.logGroupName },
  });
  new CfnOutput(stack, 'InnerUrl', { value: api.url });
}

describe('a CDK app whose construct is two nested stacks deep', () => {
  test('serves the reference answer at the URL the top-level stack outputs', async () => {
    const [deployed] = await cloud.deploy(synthesize(nestedApp));
    const url = deployed.outputs.InnerUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(cloud.servedApis()).toHaveLength(1);
    const answer = await request(url);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('"Hello form Awstut !"');
    expect((await request(`${url}hogehoge`)).body).toBe('{"message":"Not Found"}');
  });

  test('passes the nested stacks\' parameters: a literal and a value of the top-level stack', async () => {
    const [deployed] = await cloud.deploy(synthesize(nestedApp));
    const answer = await request(`${deployed.outputs.InnerUrl}env`);
    expect(JSON.parse(answer.body)).toEqual({ GREETING: 'hello from the outer stack', LOG_GROUP: 'shared-log-group', AWS_REGION: 'us-east-1' });
  });

  test('gives each nested stack resource its stack ARN as Ref, and no placeholder is deployed', async () => {
    const outdir = synthesize((stack) => {
      nestedApp(stack);
      const outer = stack.node.findChild('Outer') as NestedStack;
      new CfnOutput(stack, 'OuterStackId', { value: outer.stackId });
    });
    const [deployed] = await cloud.deploy(outdir);
    expect(deployed.outputs.OuterStackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/TestStack-Outer[\w.]*NestedStackResource\w*-[A-Z0-9]{12}\/[0-9a-f-]{36}$/);
    expect(deployed.placeholders).toEqual([]);
    expect(logLines.filter((line) => line.startsWith('warning:'))).toEqual([]);
  });

  test('a nested template missing from the assembly fails the deploy, naming the nested stack resource and the URL', async () => {
    const outdir = synthesize(nestedApp);
    const nestedTemplates = fs.readdirSync(outdir).filter((file) => file.endsWith('.nested.template.json'));
    expect(nestedTemplates).toHaveLength(2);
    // The asset manifest no longer lists the nested templates: as if assets had not been staged.
    const manifestFile = path.join(outdir, 'TestStack.assets.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
    for (const [id, asset] of Object.entries<any>(manifest.files)) {
      if (String(asset.source.path).endsWith('.nested.template.json')) delete manifest.files[id];
    }
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    await expect(cloud.deploy(outdir)).rejects.toThrow(
      /TestStack\.template\.json: Outer\w*NestedStackResource\w* \(AWS::CloudFormation::Stack\): TemplateURL https:\/\/s3\.us-east-1\.amazonaws\.com\/cdk-\w+-assets-123456789012-us-east-1\/\w+\.json: no asset of the cloud assembly has the object key/,
    );
  });
});

test('invoke finds a function of a nested stack by its construct path, as cdk synth records it', async () => {
  const outdir = tempDir('graviton-local-cdkout-');
  // As `cdk synth` runs an app: with construct paths in the templates' metadata.
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  nestedApp(new Stack(app, 'TestStack'));
  app.synth();
  const deployed = await cloud.deploy(outdir);
  const nested = deployed.flatMap((stack) => stack.nestedStacks);
  expect(nested.map((stack) => stack.stackName)).toEqual([
    expect.stringMatching(/^TestStack-Outer\w*-[A-Z0-9]{12}-\w*Inner\w*-[A-Z0-9]{12}$/),
    expect.stringMatching(/^TestStack-Outer\w*-[A-Z0-9]{12}$/),
  ]);
  const functionName = findFunction([...deployed, ...nested.map((stack) => stack.deployed)], [...readTemplateSource(outdir), ...nested], 'TestStack/Outer/Inner/Api/Function');
  const answer = await cloud.lambda.invoke(functionName, Buffer.from(JSON.stringify({ rawPath: '/' })));
  expect(answer.payload.toString()).toBe('{"statusCode": 200, "body": "\\"Hello form Awstut !\\""}');
});
