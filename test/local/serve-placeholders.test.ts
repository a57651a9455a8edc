/**
 * A CDK app with resources the offline cloud does not emulate (a bucket and a queue) is served
 * with placeholders: its function sees their names, URLs and ARNs in AWS's format, one warning per
 * type says so, and `--service-endpoint` points the function's SDK at a service the user runs.
 */
import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { deployOneApi, newCloud, removeTempDirs, request, synthesize, writeTemplate } from './local-cloud-support';
import { graviton, servedUrl, stopGravitonProcesses } from './serve-process';
import { reference } from './templates';
import { GravitonHttpLambdaApi } from '../../src';
import { LocalCloud } from '../../src/local/local-cloud';

jest.setTimeout(60_000);

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(async () => {
  await cloud.stop();
  await stopGravitonProcesses();
});
afterAll(removeTempDirs);

const VARIABLES = ['BUCKET_NAME', 'BUCKET_ARN', 'QUEUE_URL', 'QUEUE_ARN', 'AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL_S3'];

/** A function that answers with the variables above, granted to read the bucket and send to the queue. */
function bucketAndQueueApp(stack: Stack): void {
  const bucket = new s3.Bucket(stack, 'Uploads');
  const queue = new sqs.Queue(stack, 'Jobs');
  const api = new GravitonHttpLambdaApi(stack, 'Api', {
    code: lambda.Code.fromInline(`import json, os\n\ndef lambda_handler(event, context):\n    return {k: os.environ.get(k) for k in ${JSON.stringify(VARIABLES)}}\n`),
    handler: 'index.lambda_handler',
    environment: { BUCKET_NAME: bucket.bucketName, BUCKET_ARN: bucket.bucketArn, QUEUE_URL: queue.queueUrl, QUEUE_ARN: queue.queueArn },
  });
  bucket.grantRead(api.function!);
  queue.grantSendMessages(api.function!);
}

test('a function sees the bucket\'s name and the queue\'s URL in AWS\'s format, and each type warns once', async () => {
  const url = await deployOneApi(cloud, synthesize(bucketAndQueueApp));
  const seen = JSON.parse((await request(url)).body);
  expect(seen.BUCKET_NAME).toMatch(/^teststack-uploads[0-9a-f]{8}-[a-z0-9]{12}$/);
  expect(seen.BUCKET_ARN).toBe(`arn:aws:s3:::${seen.BUCKET_NAME}`);
  expect(seen.QUEUE_URL).toMatch(/^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/TestStack-Jobs[0-9A-F]{8}-[A-Za-z0-9]{12}$/);
  expect(seen.QUEUE_ARN).toBe(`arn:aws:sqs:us-east-1:123456789012:${seen.QUEUE_URL.split('/').pop()}`);
  // Without --service-endpoint, nothing points the SDK elsewhere.
  expect(seen.AWS_ENDPOINT_URL_SQS).toBeNull();
  const warnings = logs.filter((line) => line.startsWith('warning:'));
  expect(warnings).toEqual([
    expect.stringMatching(/^warning: AWS::S3::Bucket is not emulated: TestStack\/Uploads\w+ and any other AWS::S3::Bucket are placeholders .*--service-endpoint s3=<url>/),
    expect.stringMatching(/^warning: AWS::SQS::Queue is not emulated: TestStack\/Jobs\w+ and any other AWS::SQS::Queue are placeholders .*--service-endpoint sqs=<url>/),
  ]);
});

test('deploy reports each stack\'s placeholders', async () => {
  const [deployed] = await cloud.deploy(synthesize(bucketAndQueueApp));
  expect(deployed.placeholders.map((placeholder) => placeholder.type)).toEqual(['AWS::S3::Bucket', 'AWS::SQS::Queue']);
});

test('serve --service-endpoint sets AWS_ENDPOINT_URL_<SERVICE> in every function', async () => {
  const outdir = synthesize(bucketAndQueueApp);
  const run = graviton(['serve', outdir, '--service-endpoint', 'sqs=http://127.0.0.1:9324', '--service-endpoint', 'S3=http://localhost:9000/']);
  const url = await servedUrl(run);
  const seen = JSON.parse((await request(url)).body);
  expect(seen.AWS_ENDPOINT_URL_SQS).toBe('http://127.0.0.1:9324');
  expect(seen.AWS_ENDPOINT_URL_S3).toBe('http://localhost:9000/');
  expect(run.stderr()).toContain('warning: AWS::SQS::Queue is not emulated');
});

test('a malformed resource still fails the deploy, naming the property, and nothing is served', async () => {
  const template = reference();
  template.Resources.Alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'GreaterThanThreshold' } };
  const file = writeTemplate(template);
  await expect(cloud.deploy(file)).rejects.toThrow(
    `${file}: Alarm: AWS::CloudWatch::Alarm: required property EvaluationPeriods missing (AWS::CloudWatch::Alarm requires ComparisonOperator, EvaluationPeriods;`);
  expect(cloud.servedApis()).toEqual([]);
});

test('a gradual rollout\'s CodeDeploy and alarm resources deploy as placeholders beside a working API and its real version and alias', async () => {
  const outdir = synthesize((stack) => {
    const api = new GravitonHttpLambdaApi(stack, 'Api', {
      code: lambda.Code.fromInline('def lambda_handler(event, context):\n    return "still served"\n'),
      handler: 'index.lambda_handler',
    });
    const fn = api.function as lambda.Function;
    const alarm = new cloudwatch.Alarm(stack, 'Errors', { metric: fn.metricErrors(), threshold: 1, evaluationPeriods: 1 });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new codedeploy.LambdaDeploymentGroup(stack, 'Rollout', { alias, alarms: [alarm], deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES });
  });
  const [deployed] = await cloud.deploy(outdir);
  expect(new Set(deployed.placeholders.map((placeholder) => placeholder.type))).toEqual(new Set([
    'AWS::CloudWatch::Alarm', 'AWS::CodeDeploy::Application', 'AWS::CodeDeploy::DeploymentGroup',
  ]));
  expect((await request(cloud.servedApis()[0].url)).body).toBe('still served');
  // The version and alias are emulated (lambda/version-provider.ts, alias-provider.ts), so no warning names them.
  expect(logs.filter((line) => /AWS::Lambda::(Version|Alias) is not emulated/.test(line))).toEqual([]);
});
