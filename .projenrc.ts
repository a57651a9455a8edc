import { awscdk, javascript } from 'projen';
import { addBenchTasks } from './projenrc/bench-tasks';
import { addCheckTasks } from './projenrc/check-tasks';
import { addIntegTasks } from './projenrc/integ-tasks';
import { addIntegWorkflow } from './projenrc/integ-workflow';
import { TS_NODE } from './projenrc/ts-node';

// Versions are pinned so that a fresh clone builds the same thing every time.
// aws-cdk-lib 2.257.0 is the newest release whose cloud assembly (schema 53) the newest
// integ-runner (2.197.10, schema <= 53) can read; 2.258+ write schema 54/55 and integ-runner
// refuses them with AssemblyVersionMismatch. Users may use any newer aws-cdk-lib (peer ^2.257.0).
const CDK_VERSION = '2.257.0';
const CONSTRUCTS_VERSION = '10.8.1';
// The newest integ-tests alpha; its peer range (^2.245.0) accepts CDK_VERSION.
const INTEG_TESTS_ALPHA_VERSION = '2.245.0-alpha.0';
const INTEG_RUNNER_VERSION = '2.197.10';

// Every TypeScript file outside src/ that the tests, linters and integ apps compile.
const DEV_TS_FILES = [
  'src/**/*.ts',
  'test/**/*.ts',
  'integ/**/*.ts',
  'examples/typescript/**/*.ts',
  'bench/**/*.ts',
  'projenrc/**/*.ts',
  '.projenrc.ts',
];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-graviton-http-lambda-api',
  description:
    'A production-grade serverless HTTP endpoint in one line: API Gateway HTTP API in front of an arm64 (Graviton) Lambda function.',
  author: 'Seed 562ec285 maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-562ec285.example',
  repositoryUrl: 'https://github.com/graviton-http-lambda-api/cdk-graviton-http-lambda-api.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'constructs', 'apigateway', 'http-api', 'lambda', 'graviton', 'arm64'],
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: CDK_VERSION,
  cdkVersionPinning: false,
  constructsVersion: CONSTRUCTS_VERSION,
  jsiiVersion: '~6.0.0',
  // ts-jest and ts-node do not support TypeScript 7 (the native port); jsii brings its own compiler.
  typescriptVersion: '~5.9.3',

  // Shipped inside the package: the offline cloud reads YAML templates, and gives Node.js
  // functions the AWS SDK clients the Lambda runtime provides for the services it answers
  // (integ-tests-alpha's handler requires `@aws-sdk/client-<service>` for invokeFunction and
  // awsApiCall assertions), and verifies JWT authorizers' tokens (jose, not hand-written crypto).
  bundledDeps: [
    'yaml@^2.9.1',
    '@aws-sdk/client-lambda@^3.1164.0',
    '@aws-sdk/client-cloudwatch-logs@^3.1164.0',
    '@aws-sdk/client-apigatewayv2@^3.1164.0',
    '@aws-sdk/client-iam@^3.1164.0',
    '@aws-sdk/client-sts@^3.1164.0',
    'jose@^5.10.0',
  ],
  bin: { 'graviton-local': 'lib/local/cli.js' },

  devDeps: [
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA_VERSION}`,
    `@aws-cdk/integ-runner@${INTEG_RUNNER_VERSION}`,
    // Compliance checks of the construct's defaults (test/compliance.test.ts): cdk-nag 2 (aspects and
    // cdk_nag metadata) and cdk-nag 3 (CDK's Validations acknowledgments).
    'cdk-nag@2.38.2',
    'cdk-nag-v3@npm:cdk-nag@3.0.2',
    // The benchmarks' HTTP load generator, run as its own process so it never shares a CPU
    // queue (event loop) with the server it measures.
    'autocannon@9.0.0',
  ],

  // The dev tsconfig lives at the top level under its classic name (projen's default is test/tsconfig.json).
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    exclude: ['node_modules', 'cdk.out', 'integ/*.snapshot'],
    compilerOptions: {},
  },
  // `npm test` type-checks everything tsconfig.dev.json covers, so the integ apps may run transpile-only.
  typecheckTests: true,
  eslintOptions: {
    // Lint with the dev config (the project service only finds files named tsconfig.json).
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    dirs: ['src'],
    devdirs: ['test', 'integ', 'examples/typescript', 'bench'],
  },

  // We drive integ-runner ourselves (integ/ directory, pinned versions), not projen's .integ.ts discovery.
  integrationTestAutoDiscover: false,
  sampleCode: false,

  // Every jsii target but .NET (no .NET SDK here); built with `npx projen package-all`.
  publishToPypi: {
    distName: 'cdk-graviton-http-lambda-api',
    module: 'cdk_graviton_http_lambda_api',
  },
  publishToMaven: {
    mavenGroupId: 'io.github.graviton-http-lambda-api',
    mavenArtifactId: 'cdk-graviton-http-lambda-api',
    javaPackage: 'io.github.gravitonhttplambdaapi',
    mavenServerId: 'central-ossrh',
  },
  publishToGo: {
    moduleName: 'github.com/graviton-http-lambda-api/cdk-graviton-http-lambda-api-go',
    packageName: 'gravitonhttplambdaapi',
  },

  docgen: true,
  gitignore: ['cdk.out/', 'integ/cdk-integ.out.*', '*.tsbuildinfo', 'examples/java/target/', 'examples/go/handler/dist/', '__pycache__/'],
  npmIgnoreOptions: {
    ignorePatterns: ['/integ/', '/examples/', '/bench/', '/cdk.out/', '/.ci/', '/tsconfig.dev.json', '/ARCHITECTURE.md'],
  },
  githubOptions: {
    mergify: false,
  },
});

// The offline cloud's Lambda runtime clients (Python, Node.js) are plain files next to the code that starts them.
project.compileTask.exec('mkdir -p lib/local/lambda/runtime-clients && cp src/local/lambda/runtime-clients/* lib/local/lambda/runtime-clients/');

// The offline cloud's CloudWatch Logs folder and its tests; the generic "logs" ignore pattern must not hide them.
project.gitignore.include('/src/local/logs/', '/test/local/logs/');

// projen merges includes with its own "**/*.ts"; list exactly what the dev config covers.
project.tsconfigDev.file.addOverride('include', DEV_TS_FILES);

// jsii-pacmak writes the npm version of aws-cdk-lib's cloud-assembly-schema into the Go module
// as the matching Go module; the Go module proxy serves v53.25.0 of it but not the newer npm
// releases, and aws-cdk-lib 2.257.0 asks for ^53.25.0.
project.package.addField('overrides', { '@aws-cdk/cloud-assembly-schema': '53.25.0' });

// Tasks and workflows, one module per concern (projenrc/); the order of the calls is the order
// in which `npm test` runs them.
addIntegTasks(project);
addCheckTasks(project);
addBenchTasks(project);
addIntegWorkflow(project);

// `npm start`: synthesize the example app into cdk.out and serve it on this machine (Ctrl-C stops it).
project.addTask('start', {
  description: 'Synthesize the example app into cdk.out and serve it with graviton-local on http://127.0.0.1:3000/',
  env: { CDK_OUTDIR: 'cdk.out' },
  steps: [
    { exec: `${TS_NODE} examples/typescript/app.ts` },
    { exec: `${TS_NODE} --transpile-only src/local/cli.ts serve cdk.out --port 3000` },
  ],
});

project.synth();
