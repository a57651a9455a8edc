/**
 * The developer loop's first steps, as real processes: `graviton-local serve` in a CDK project
 * (no cdk.out: it runs cdk.json's app as `cdk synth` does) and `graviton-local invoke`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { removeTempDirs, request, tempDir } from './local-cloud-support';
import { graviton, stopGravitonProcesses, waitFor } from './serve-process';

afterEach(stopGravitonProcesses);
afterAll(removeTempDirs);

/** A CDK app in plain JavaScript, against this repository's aws-cdk-lib (the project has no node_modules). */
const APP = `
const cdk = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});
const lambda = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-lambda'))});
const apigwv2 = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-apigatewayv2'))});
const { HttpLambdaIntegration } = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-apigatewayv2-integrations'))});

if (process.env.BREAK_THE_APP) throw new Error('the app is broken: ' + process.env.BREAK_THE_APP);
const app = new cdk.App();
const stack = new cdk.Stack(app, 'DevLoop');
const greeting = app.node.tryGetContext('greeting');
const fn = new lambda.Function(stack, 'Hello', {
  runtime: lambda.Runtime.PYTHON_3_12,
  handler: 'index.handler',
  code: lambda.Code.fromInline([
    'def handler(event, context):',
    '    if event.get("fail"):',
    '        raise ValueError("asked to fail")',
    '    return {"statusCode": 200, "body": ' + JSON.stringify(greeting) + ' + " " + event.get("name", "from http")}',
  ].join('\\n')),
});
// A function with a name of its own: the name stays the same from one deploy to the next.
new lambda.Function(stack, 'Echo', {
  functionName: 'dev-loop-echo',
  runtime: lambda.Runtime.NODEJS_20_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async (event) => ({ echoed: event });'),
});
const api = new apigwv2.HttpApi(stack, 'Api', { defaultIntegration: new HttpLambdaIntegration('Integration', fn) });
new cdk.CfnOutput(stack, 'DefaultAccount', { value: process.env.CDK_DEFAULT_ACCOUNT + '/' + process.env.CDK_DEFAULT_REGION });
console.log('synthesizing with greeting ' + greeting);
app.synth();
`;

/** A project folder: app.js, cdk.json (`app`, `context`) and cdk.context.json, whose values win. */
function cdkProject(cdkJson: object = { app: 'node app.js', context: { greeting: 'hello from cdk.json', other: 1 } }): string {
  const dir = tempDir('graviton-cdk-project-');
  fs.writeFileSync(path.join(dir, 'app.js'), APP);
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify(cdkJson));
  fs.writeFileSync(path.join(dir, 'cdk.context.json'), JSON.stringify({ greeting: 'hello from cdk.context.json' }));
  return dir;
}

test('serve in a CDK project runs cdk.json\'s app with its context, into cdk.out, and serves it', async () => {
  const project = cdkProject();
  const run = graviton(['serve', '--region', 'eu-west-1'], undefined, project);
  await waitFor(() => run.stdout.includes('ready'), 'ready', 60_000);

  const [name, url] = run.stdout[0].split(' ');
  expect(name).toMatch(/^DevLoop\/Api\w+$/);
  // cdk.context.json's value wins over cdk.json's, as in the CDK CLI.
  expect((await request(url)).body).toBe('hello from cdk.context.json from http');
  expect(fs.existsSync(path.join(project, 'cdk.out', 'manifest.json'))).toBe(true);
  // The app's stdout goes to stderr (stdout stays machine-readable), then one synth line.
  expect(run.stderrLines).toContain('synthesizing with greeting hello from cdk.context.json');
  expect(run.stderrLines.some((line) => /^synth: node app\.js -> cdk\.out \(\d+ ms\)$/.test(line))).toBe(true);
  // CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION are the offline cloud's defaults, as --region sets them.
  expect(run.stderrLines).toContain('output DevLoop.DefaultAccount = 123456789012/eu-west-1');
}, 90_000);

test('--app runs the given command and cdk.json\'s output folder is used', async () => {
  const project = cdkProject({ app: 'node does-not-exist.js', output: 'build/assembly', context: { greeting: 'hi' } });
  fs.rmSync(path.join(project, 'cdk.context.json'));
  const run = graviton(['serve', '--app', 'node app.js'], undefined, project);
  await waitFor(() => run.stdout.includes('ready'), 'ready', 60_000);
  expect((await request(run.stdout[0].split(' ')[1])).body).toBe('hi from http');
  expect(fs.existsSync(path.join(project, 'build', 'assembly', 'manifest.json'))).toBe(true);
}, 90_000);

test('an app that fails prints its own error and serve exits 1 without serving', async () => {
  const project = cdkProject();
  const run = graviton(['serve'], { ...process.env, BREAK_THE_APP: 'missing table name' }, project);
  expect(await run.exit).toBe(1);
  expect(run.stderr()).toContain('Error: the app is broken: missing table name');
  expect(run.stderr()).toMatch(/graviton-local: synth failed: the app failed \(exit code 1\): node app\.js/);
  expect(run.stdout).toEqual([]);
}, 60_000);

test('serve with no cdk.json and no source says what it needs, exit 1', async () => {
  const run = graviton(['serve'], undefined, tempDir('graviton-empty-'));
  expect(await run.exit).toBe(1);
  expect(run.stderr()).toMatch(/no cdk\.json in .*: run serve in a CDK project, give --app "<command>", or give a cdk\.out folder or a template file/);
}, 30_000);

describe('invoke', () => {
  test('prints the answer on stdout and the function\'s log on stderr, exit 0; by construct path, function name and logical id', async () => {
    const project = cdkProject();
    const eventFile = path.join(project, 'event.json');
    fs.writeFileSync(eventFile, JSON.stringify({ name: 'Ann' }));
    const byPath = graviton(['invoke', 'DevLoop/Hello', '--event', eventFile], undefined, project);
    expect(await byPath.exit).toBe(0);
    expect(byPath.stdout).toHaveLength(1);
    expect(JSON.parse(byPath.stdout[0])).toEqual({ statusCode: 200, body: 'hello from cdk.context.json Ann' });
    expect(byPath.stderrLines.some((line) => /\] REPORT RequestId: /.test(line))).toBe(true);

    const byName = graviton(['invoke', 'dev-loop-echo', 'cdk.out', '--event', eventFile], undefined, project);
    expect(await byName.exit).toBe(0);
    expect(JSON.parse(byName.stdout[0])).toEqual({ echoed: { name: 'Ann' } });

    const template = JSON.parse(fs.readFileSync(path.join(project, 'cdk.out', 'DevLoop.template.json'), 'utf-8'));
    const logicalId = Object.keys(template.Resources).find((id) => id.startsWith('Hello') && template.Resources[id].Type === 'AWS::Lambda::Function')!;
    const byLogicalId = graviton(['invoke', `DevLoop/${logicalId}`, 'cdk.out'], undefined, project);
    expect(await byLogicalId.exit).toBe(0);
    expect(JSON.parse(byLogicalId.stdout[0])).toEqual({ statusCode: 200, body: 'hello from cdk.context.json from http' });
  }, 90_000);

  test('a function error prints Lambda\'s error document and exits 1', async () => {
    const project = cdkProject();
    fs.writeFileSync(path.join(project, 'fail.json'), '{"fail": true}');
    const run = graviton(['invoke', 'DevLoop/Hello', '--event', 'fail.json'], undefined, project);
    expect(await run.exit).toBe(1);
    expect(JSON.parse(run.stdout[0])).toMatchObject({ errorType: 'ValueError', errorMessage: 'asked to fail' });
  }, 90_000);

  test('an unknown function lists the functions there are, exit 2', async () => {
    const project = cdkProject();
    const run = graviton(['invoke', 'DevLoop/Nope'], undefined, project);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/no function "DevLoop\/Nope": give its construct path, <StackName>\/<LogicalId> or its function name; the functions are: DevLoop\/Hello \(DevLoop\/Hello\w+, DevLoop-Hello\w+-\w+\), DevLoop\/Echo \(DevLoop\/Echo\w+, dev-loop-echo\)/);
  }, 90_000);

  test('an event that is not JSON is refused as Lambda refuses it, exit 1', async () => {
    const project = cdkProject();
    fs.writeFileSync(path.join(project, 'bad.json'), '{not json');
    const run = graviton(['invoke', 'DevLoop/Hello', '--event', 'bad.json'], undefined, project);
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain('graviton-local: Lambda refused the invocation: InvalidRequestContentException');
  }, 90_000);
});
