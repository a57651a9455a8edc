/**
 * `graviton-local serve --watch` in a CDK project, as a real process: an edited handler is served
 * on the same URL, an edit that breaks the app keeps the last version answering, a route added
 * to the app appears.
 */
import * as fs from 'fs';
import * as path from 'path';
import { removeTempDirs, request, tempDir } from './local-cloud-support';
import { GravitonProcess, graviton, stopGravitonProcesses, waitFor } from './serve-process';
import { WATCHED_APP, handlerSource, watchedProject } from './watched-project';

afterEach(stopGravitonProcesses);
afterAll(removeTempDirs);

/** Waits for the next stderr line matching `pattern` after the `seen` lines already read. */
async function nextLine(run: GravitonProcess, seen: number, pattern: RegExp): Promise<string> {
  await waitFor(() => run.stderrLines.slice(seen).some((line) => pattern.test(line)), String(pattern), 60_000);
  return run.stderrLines.slice(seen).find((line) => pattern.test(line))!;
}

test('an edited handler, a broken app and an added route: the same URL answers, the last good version stays', async () => {
  const dir = watchedProject();
  const run = graviton(['serve', '--watch'], undefined, dir);
  await waitFor(() => run.stdout.includes('ready'), 'ready', 60_000);
  const [apiName, url] = run.stdout[0].split(' ');
  expect(apiName).toMatch(/^Watched\/Api\w+$/);
  expect((await request(url)).body).toBe('v1 /');
  await nextLine(run, 0, /^watching /);

  // The handler: its asset changes, the function's new code answers on the same URL.
  let seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'handler', 'index.py'), handlerSource('v2'));
  expect(await nextLine(run, seen, /^reload: /)).toMatch(/^reload: handler\/index\.py changed; redeployed 1 stack\(s\) in \d+ ms$/);
  expect((await request(url)).body).toBe('v2 /');

  // A broken app: its own error, and v2 keeps answering.
  seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'app.js'), `${WATCHED_APP}\nthrow new Error('half-written edit');\n`);
  expect(await nextLine(run, seen, /^reload failed /)).toMatch(
    /^reload failed \(app\.js changed\): the app failed \(exit code 1\): node app\.js; still serving the previous version$/);
  expect(run.stderr()).toContain('Error: half-written edit');
  expect((await request(url)).body).toBe('v2 /');

  // Fixed, with a route added: it answers on the same URL; the stdout lines stay as they were.
  seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'routes.json'), JSON.stringify(['/', '/added']));
  fs.writeFileSync(path.join(dir, 'app.js'), WATCHED_APP);
  await nextLine(run, seen, /^reload: /);
  expect((await request(`${url}added`)).body).toBe('v2 /added');
  expect((await request(url)).body).toBe('v2 /');
  expect(run.stdout.filter((line) => line.startsWith('Watched/'))).toEqual([`${apiName} ${url}`]);

  // Files the watch block excludes, and the output folder, do not reload.
  seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'README.md'), '# notes');
  fs.writeFileSync(path.join(dir, 'cdk.out', 'scratch.txt'), 'x');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(run.stderrLines.slice(seen).filter((line) => /^reload/.test(line))).toEqual([]);

  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(0);
}, 180_000);

/** A CDK project whose function counts its calls in a DynamoDB table (boto3) and answers `<label> <count>`. */
function countingProject(): string {
  const dir = tempDir('graviton-watch-table-');
  fs.writeFileSync(path.join(dir, 'app.js'), `
const cdk = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});
const dynamodb = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-dynamodb'))});
const lambda = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-lambda'))});
const apigwv2 = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-apigatewayv2'))});
const { HttpLambdaIntegration } = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-apigatewayv2-integrations'))});
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Counting');
const table = new dynamodb.Table(stack, 'Counts', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST });
const fn = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.PYTHON_3_12, handler: 'index.handler', code: lambda.Code.fromAsset('handler'), environment: { TABLE_NAME: table.tableName },
});
table.grantReadWriteData(fn);
new apigwv2.HttpApi(stack, 'Api', { defaultIntegration: new HttpLambdaIntegration('Integration', fn) });
app.synth();
`);
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', watch: { include: ['**'] } }));
  fs.mkdirSync(path.join(dir, 'handler'));
  fs.writeFileSync(path.join(dir, 'handler', 'index.py'), countingHandler('v1'));
  return dir;
}

const countingHandler = (label: string) => [
  'import os, boto3',
  'table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])',
  'def handler(event, context):',
  '    item = table.update_item(Key={"id": "calls"}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": 1}, ReturnValues="UPDATED_NEW")',
  `    return {"statusCode": 200, "body": "${label} " + str(item["Attributes"]["n"])}`,
  '',
].join('\n');

test('a DynamoDB table and its items live for the life of serve --watch, across reloads', async () => {
  const dir = countingProject();
  const run = graviton(['serve', '--watch'], undefined, dir);
  await waitFor(() => run.stdout.includes('ready'), 'ready', 90_000);
  const url = run.stdout[0].split(' ')[1];
  expect((await request(url)).body).toBe('v1 1');
  expect((await request(url)).body).toBe('v1 2');
  await nextLine(run, 0, /^watching /);

  const seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'handler', 'index.py'), countingHandler('v2'));
  await nextLine(run, seen, /^reload: /);
  expect(run.stderrLines.slice(seen)).toContainEqual(expect.stringMatching(/^DynamoDB: Counts\w+ is the existing table Counting-Counts\w+-\w{12}, with its items$/));
  expect((await request(url)).body).toBe('v2 3');

  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(0);
}, 180_000);

test('--watch with a cdk.out is refused: it needs a CDK app to run again', async () => {
  const run = graviton(['serve', 'cdk.out', '--watch'], undefined, tempDir('graviton-watch-empty-'));
  expect(await run.exit).toBe(2);
  expect(run.stderr()).toContain('--watch runs a CDK app again on each change: run serve --watch in a CDK project (cdk.json) or with --app, not with "cdk.out"');
}, 30_000);
