import { awscdk, javascript } from 'projen';
import { JobPermission } from 'projen/lib/github/workflows-model';

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
  // functions the Lambda client the Lambda runtime provides (for invokeFunction assertions).
  bundledDeps: ['yaml@^2.9.1', '@aws-sdk/client-lambda@^3.1164.0'],
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
  gitignore: ['cdk.out/', 'integ/cdk-integ.out.*', '*.tsbuildinfo', 'examples/java/target/', '__pycache__/'],
  npmIgnoreOptions: {
    ignorePatterns: ['/integ/', '/examples/', '/bench/', '/cdk.out/', '/.ci/', '/tsconfig.dev.json'],
  },
  githubOptions: {
    mergify: false,
  },
});

// The offline cloud's Lambda runtime clients (Python, Node.js) are plain files next to the code that starts them.
project.compileTask.exec('mkdir -p lib/local/lambda/runtime-clients && cp src/local/lambda/runtime-clients/* lib/local/lambda/runtime-clients/');

// The offline cloud's CloudWatch Logs folder; the generic "logs" ignore pattern must not hide it.
project.gitignore.include('/src/local/logs/');

// projen merges includes with its own "**/*.ts"; list exactly what the dev config covers.
project.tsconfigDev.file.addOverride('include', DEV_TS_FILES);

// jsii-pacmak writes the npm version of aws-cdk-lib's cloud-assembly-schema into the Go module
// as the matching Go module; the Go module proxy serves v53.25.0 of it but not the newer npm
// releases, and aws-cdk-lib 2.257.0 asks for ^53.25.0.
project.package.addField('overrides', { '@aws-cdk/cloud-assembly-schema': '53.25.0' });

// tsconfig.dev.json is used by ts-node for the integ apps and the example app.
const tsNode = 'ts-node --project tsconfig.dev.json';
// Type errors are caught by the test task's type-check; the integ apps only need to run.
const integEnv = { TS_NODE_PROJECT: 'tsconfig.dev.json', TS_NODE_TRANSPILE_ONLY: 'true' };

// Integ tests: integ-runner checks the committed snapshots (no AWS account needed) and fails when one is stale.
const integRunner = 'integ-runner --directory integ --language typescript';
const integTask = project.addTask('integ', {
  description: 'Check the integ test snapshots in integ/ (fails when a snapshot is stale)',
  env: integEnv,
  exec: integRunner,
  receiveArgs: true,
});
project.addTask('integ:snapshot', {
  description: 'Re-synthesize the integ snapshots without deploying (after a deliberate change)',
  env: integEnv,
  exec: `${integRunner} --update-on-failed --dry-run --force`,
  receiveArgs: true,
});
project.addTask('integ:deploy', {
  description: 'Deploy every integ test on AWS, run its assertions, update snapshots that changed (needs AWS credentials)',
  env: integEnv,
  exec: `${integRunner} --update-on-failed`,
  receiveArgs: true,
});
project.testTask.spawn(integTask);

// The integ tests' own assertions, run for real in the offline cloud (no AWS account needed).
const integOffline = project.addTask('integ:offline', {
  description: 'Deploy every integ test on this machine with graviton-local and run its assertions',
  exec: `${tsNode} --transpile-only src/local/cli.ts integ integ`,
  receiveArgs: true,
});
project.testTask.spawn(integOffline);

// cfn-lint over every integ snapshot template (installs its pinned version from PyPI on first use).
project.npmignore?.exclude('/scripts/');
const cfnLint = project.addTask('test:cfn-lint', {
  description: 'Lint every integ snapshot template with cfn-lint (an error fails)',
  exec: 'bash scripts/cfn-lint.sh',
});
project.testTask.spawn(cfnLint);

// Benchmarks: `npm run bench` runs every suite in its own process and writes bench/RESULTS.md.
// The serve and burst suites start `graviton-local serve` from the compiled bin (lib/local/cli.js),
// as a user runs it (under ts-node the server would carry the compiler in its memory), so their
// tasks compile first; the synth and integ suites run the sources.
const benchTask = (name: string, description: string, file: string, compiled: boolean) => project.addTask(name, {
  description,
  steps: [...(compiled ? [{ spawn: 'compile' }] : []), { exec: `${tsNode} --transpile-only bench/${file}` }],
});
benchTask('bench', 'Run every benchmark suite and write bench/RESULTS.md and bench/synth-scale.svg', 'run-all.ts', true);
benchTask('bench:synth', 'Synth cost and scale: this construct, plain L1 and aws-cdk\'s L2 for N = 1 to 300 routes', 'synth.bench.ts', false);
benchTask('bench:serve',
  'graviton-local serve against serverless-offline and a bare node:http server: req/s, latency, memory (autocannon in its own process)',
  'serve.bench.ts', true);
benchTask('bench:burst',
  '200 then 1,000 requests at once at graviton-local serve (default settings), 200 at serverless-offline: answers, processes, memory',
  'burst.bench.ts', true);
benchTask('bench:integ', 'Wall time of graviton-local integ on the reference integ test and on the whole suite', 'integ.bench.ts', false);

// CI beyond this machine: the offline integ suite on every pull request; where a repository
// variable AWS_INTEG_ROLE_ARN names a role trusted for GitHub OIDC, the same tests on real AWS.
const integWorkflow = project.github!.addWorkflow('integ');
integWorkflow.on({ pullRequest: {}, workflowDispatch: {} });
const checkoutAndInstall = [
  { name: 'Checkout', uses: 'actions/checkout@v4' },
  { name: 'Setup Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
  { name: 'Install dependencies', run: 'npm ci' },
];
integWorkflow.addJobs({
  offline: {
    name: 'Integ tests offline (graviton-local)',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: JobPermission.READ },
    steps: [
      ...checkoutAndInstall,
      { name: 'Setup Python', uses: 'actions/setup-python@v5', with: { 'python-version': '3.13' } },
      { name: 'Run the integ assertions offline', run: 'npx projen integ:offline' },
    ],
  },
  aws: {
    name: 'Integ tests on AWS (integ-runner)',
    runsOn: ['ubuntu-latest'],
    if: "vars.AWS_INTEG_ROLE_ARN != ''",
    permissions: { contents: JobPermission.READ, idToken: JobPermission.WRITE },
    steps: [
      ...checkoutAndInstall,
      {
        name: 'AWS credentials (OIDC)',
        uses: 'aws-actions/configure-aws-credentials@v4',
        with: { 'role-to-assume': '${{ vars.AWS_INTEG_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION || \'us-east-1\' }}' },
      },
      { name: 'Deploy, assert and destroy on AWS', run: 'npx projen integ:deploy' },
    ],
  },
});

// Generated files must match .projenrc.ts and the sources: API.md from jsii-docgen, the rest from projen.
const generatedCheck = project.addTask('check:generated', {
  description: 'Fail when API.md or a projen-generated file differs from what the sources generate',
  steps: [
    { spawn: 'default', env: { PROJEN_DISABLE_POST: 'true' } },
    { spawn: 'compile' },
    { spawn: 'docgen' },
    { exec: 'git diff --exit-code -- API.md package.json .projen tsconfig.json tsconfig.dev.json .eslintrc.json .gitignore .npmignore .gitattributes .github' },
  ],
});
project.testTask.spawn(generatedCheck);

// The package as users get it: packed, installed into a fresh CDK app, README examples compiled,
// graviton-local serve and integ run from the installed package.
const packageTest = project.addTask('test:package', {
  description: 'Pack the library, install it into a fresh CDK app and use it as the README says',
  steps: [
    { spawn: 'compile' },
    { exec: `${tsNode} --transpile-only test/package/package-test.ts` },
  ],
});
project.testTask.spawn(packageTest);

// The Python, Java and Go packages, each used by its example app: same template as TypeScript.
const languagesTest = project.addTask('test:languages', {
  description: 'Build the Python, Java and Go packages and check their example apps synthesize the TypeScript template',
  exec: `${tsNode} --transpile-only test/languages/languages-test.ts`,
});
project.testTask.spawn(languagesTest);

// `npm start`: synthesize the example app into cdk.out and serve it on this machine (Ctrl-C stops it).
project.addTask('start', {
  description: 'Synthesize the example app into cdk.out and serve it with graviton-local on http://127.0.0.1:3000/',
  env: { CDK_OUTDIR: 'cdk.out' },
  steps: [
    { exec: `${tsNode} examples/typescript/app.ts` },
    { exec: `${tsNode} --transpile-only src/local/cli.ts serve cdk.out --port 3000` },
  ],
});

project.synth();
