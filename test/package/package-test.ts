/**
 * The package as users get it: packs the library (after `jsii` compiled lib/), checks what the
 * tarball holds, installs it into a fresh TypeScript CDK app (laid out as `cdk init app
 * --language typescript` does), compiles every TypeScript example of the README against it,
 * serves the README's smallest example with the installed `graviton-local serve` in the app (which
 * runs cdk.json's app first, as a user runs it) and
 * checks the reference answer over HTTP, then runs `graviton-local integ` on a sample integ test.
 *
 * Usage: npx projen test:package   (KEEP=1 keeps the temporary app for a look)
 */
import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const devVersion = (name: string) => pkg.devDependencies[name] as string;

function step(title: string): void {
  console.log(`\n== ${title}`);
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
}

// What users need, and nothing else: compiled code, the jsii assembly, docs, licence, bundled deps.
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^API\.md$/, /^LICENSE$/, /^\.jsii$/, /^lib\/.+\.(js|d\.ts)$/, /^lib\/local\/lambda\/runtime-clients\/[\w-]+\.(py|js)$/, /^node_modules\//];
const REQUIRED = ['package.json', 'README.md', 'API.md', 'LICENSE', '.jsii', 'lib/index.js', 'lib/index.d.ts', 'lib/local/cli.js',
  'lib/local/lambda/runtime-clients/bootstrap.py', 'lib/local/lambda/runtime-clients/bootstrap.js', 'lib/local/lambda/runtime-clients/local-network.js',
  'lib/local/lambda/runtime-clients/cannot-run.js',
  'node_modules/yaml/package.json', 'node_modules/@aws-sdk/client-lambda/package.json',
  // The SDK clients awsApiCall assertions require on NODE_PATH.
  'node_modules/@aws-sdk/client-cloudwatch-logs/package.json', 'node_modules/@aws-sdk/client-apigatewayv2/package.json',
  'node_modules/@aws-sdk/client-iam/package.json', 'node_modules/@aws-sdk/client-sts/package.json'];

function checkContents(tarball: string, files: string[]): void {
  step(`contents of ${path.basename(tarball)}: ${files.length} files, ${fs.statSync(tarball).size} bytes`);
  const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
  assert.deepStrictEqual(unexpected, [], `files users do not need are in the package: ${unexpected.join(', ')}`);
  const missing = REQUIRED.filter((file) => !files.includes(file));
  assert.deepStrictEqual(missing, [], `files users need are missing from the package: ${missing.join(', ')}`);
  console.log('only lib, .jsii, README, API.md, LICENSE and the bundled dependencies; nothing missing');
}

function checkConstructHubMetadata(): void {
  step('Construct Hub metadata');
  for (const keyword of ['cdk', 'awscdk', 'aws-cdk', 'constructs']) {
    assert.ok(pkg.keywords.includes(keyword), `keyword ${keyword} missing`);
  }
  assert.ok(pkg.description, 'description missing');
  assert.ok(pkg.repository?.url, 'repository missing');
  assert.ok(pkg.stability, 'stability missing');
  assert.match(fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'local', 'cli.js'), 'utf-8'), /^#!\/usr\/bin\/env node/, 'the bin has no shebang');
  console.log('keywords, description, repository, stability, bin shebang');
}

/** The README's TypeScript code blocks, in order. */
function readmeExamples(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

// Declarations every README snippet may use, as a jsii-rosetta fixture would give them.
const FIXTURE = `import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { GravitonHttpLambdaApi, InvokePermissionMode, RouteAuthorization } from 'cdk-graviton-http-lambda-api';
declare const stack: Stack;
`;

function writeApp(appDir: string, tarball: string): void {
  step(`fresh CDK app in ${appDir}`);
  fs.mkdirSync(path.join(appDir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(appDir, 'integ'), { recursive: true });
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({
    name: 'fresh-app',
    version: '0.1.0',
    private: true,
    bin: { 'fresh-app': 'bin/fresh-app.js' },
    scripts: { build: 'tsc', cdk: 'cdk' },
    dependencies: { 'aws-cdk-lib': devVersion('aws-cdk-lib'), 'constructs': devVersion('constructs').replace(/^\^/, '') },
    devDependencies: {
      '@aws-cdk/integ-tests-alpha': devVersion('@aws-cdk/integ-tests-alpha'),
      '@types/node': devVersion('@types/node'),
      'ts-node': '^10.9.2',
      'typescript': devVersion('typescript'),
    },
  }, null, 2));
  fs.writeFileSync(path.join(appDir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['es2022'],
      strict: true,
      declaration: false,
      noEmit: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    },
    exclude: ['node_modules', 'cdk.out'],
  }, null, 2));
  fs.writeFileSync(path.join(appDir, 'cdk.json'), JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/fresh-app.ts' }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], appDir);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], appDir);
}

async function serveAndAsk(appDir: string): Promise<void> {
  step('graviton-local serve in the app, no cdk.out given (the bin npx runs)');
  // The bin itself, not npx, so that SIGTERM reaches the server.
  const bin = path.join(appDir, 'node_modules', '.bin', 'graviton-local');
  const child: ChildProcess = spawn(bin, ['serve'], { cwd: appDir, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('graviton-local serve printed no "ready" within 120 s (synth included)')), 120_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
        if (lines.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`graviton-local serve exited with ${code}`)));
    });
    console.log(lines.join('\n'));
    const url = lines[0].split(' ')[1];
    const hello = await fetch(url);
    assert.strictEqual(hello.status, 200);
    assert.strictEqual(await hello.text(), '"Hello form Awstut !"');
    const missing = await fetch(`${url}hogehoge`);
    assert.strictEqual(missing.status, 404);
    assert.strictEqual(await missing.text(), '{"message":"Not Found"}');
    console.log(`GET ${url} -> 200 "Hello form Awstut !"; GET ${url}hogehoge -> 404 {"message":"Not Found"}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const SAMPLE_INTEG = `import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi } from 'cdk-graviton-http-lambda-api';

const app = new App();
const stack = new Stack(app, 'SampleInteg');
const api = new GravitonHttpLambdaApi(stack, 'Hello', {
  code: lambda.Code.fromInline('import json\\n\\ndef lambda_handler(event, context):\\n    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}\\n'),
  handler: 'index.lambda_handler',
});
const integ = new IntegTest(app, 'SampleIntegTest', { testCases: [stack] });
integ.assertions.httpApiCall(api.url).expect(ExpectedResult.objectLike({ status: 200, body: 'Hello form Awstut !' }));
// The bundled SDK clients, found on NODE_PATH by integ-tests-alpha's handler.
integ.assertions.awsApiCall('Lambda', 'getFunctionConfiguration', { FunctionName: api.function.functionName })
  .expect(ExpectedResult.objectLike({ Architectures: ['arm64'] }));
integ.assertions.awsApiCall('CloudWatchLogs', 'describeLogGroups', { logGroupNamePrefix: api.functionLogGroup!.logGroupName })
  .expect(ExpectedResult.objectLike({ logGroups: [{ logGroupName: api.functionLogGroup!.logGroupName }] }));
`;

async function main(): Promise<void> {
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'graviton-package-test-'));
  try {
    step('npm pack');
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT));
    const tarball = path.join(work, packed.filename);
    checkContents(tarball, packed.files.map((file: { path: string }) => file.path));
    checkConstructHubMetadata();

    const appDir = path.join(work, 'fresh-app');
    writeApp(appDir, tarball);

    const examples = readmeExamples();
    step(`compile the README's ${examples.length} TypeScript examples against the installed package`);
    fs.mkdirSync(path.join(appDir, 'readme'));
    examples.forEach((example, i) => {
      // The smallest example declares its own imports and stack; the others use the fixture.
      const standalone = example.includes("from 'cdk-graviton-http-lambda-api'");
      fs.writeFileSync(path.join(appDir, 'readme', `example${i + 1}.ts`), `${standalone ? '' : FIXTURE}${example}\nexport {};\n`);
    });
    run('npx', ['tsc', '-p', '.', '--noEmit'], appDir);
    console.log('all compile');

    step('synthesize the README\'s smallest example');
    const smallest = examples.find((example) => example.includes("from 'cdk-graviton-http-lambda-api'"));
    assert.ok(smallest, 'the README has no example importing the package');
    fs.writeFileSync(path.join(appDir, 'bin', 'fresh-app.ts'), smallest);

    // As a user runs it in a CDK project: no cdk.out given, so serve runs cdk.json's app first.
    await serveAndAsk(appDir);
    assert.ok(fs.existsSync(path.join(appDir, 'cdk.out', 'manifest.json')), 'serve wrote no cloud assembly to cdk.out');

    step('npx graviton-local integ integ (a sample integ test in the app)');
    fs.writeFileSync(path.join(appDir, 'integ', 'integ.sample.ts'), SAMPLE_INTEG);
    const integOutput = run('npx', ['graviton-local', 'integ', 'integ'], appDir);
    console.log(integOutput.trim());
    assert.match(integOutput, /^PASS integ\.sample\.ts HttpApiCall\w+$/m);
    assert.match(integOutput, /^PASS integ\.sample\.ts AwsApiCallLambdagetFunctionConfiguration\w+$/m);
    assert.match(integOutput, /^PASS integ\.sample\.ts AwsApiCallCloudWatchLogsdescribeLogGroups\w+$/m);
    assert.match(integOutput, /^3 passed, 0 failed$/m);

    console.log(`\npackage test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    if (process.env.KEEP === '1') {
      console.log(`kept ${work}`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  console.error(`package test failed: ${error.stack ?? error}`);
  process.exit(1);
});
