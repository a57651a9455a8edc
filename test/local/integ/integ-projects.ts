/** Small projects of integ tests for `graviton-local integ`, each in its own temporary folder. */
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../local-cloud-support';

const ROOT = path.join(__dirname, '..', '..', '..');

/**
 * A project folder holding `files` (path → content) and this repository's node_modules (a
 * symbolic link), so its integ tests import aws-cdk-lib and integ-tests-alpha as a user's would.
 */
export function integProject(files: Record<string, string>): string {
  const dir = tempDir('graviton-integ-project-');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // ts-node's defaults without a tsconfig (NodeNext modules) do not fit CommonJS test apps.
  writeProjectFile(dir, 'tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, skipLibCheck: true } }));
  for (const [file, content] of Object.entries(files)) {
    writeProjectFile(dir, file, content);
  }
  return dir;
}

export function writeProjectFile(dir: string, file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), content);
}

export interface InvokeTestOptions {
  readonly stack: string;
  /** A TypeScript expression: the function's inline code. */
  readonly code?: string;
  /** Instead of `code`: the function's asset folder, relative to the test file. */
  readonly asset?: string;
  readonly payloadPattern: string;
  readonly imports?: string[];
  readonly wait?: string;
  readonly functionName?: string;
}

/**
 * An integ test of one stack with one Node.js function (inline `code`), whose assertion is
 * `invokeFunction` expecting `payloadPattern` in the answer; `imports` lines go at the top and
 * `wait` adds `.waitForAssertions(...)` with that code.
 */
export function invokeTest(options: InvokeTestOptions): string {
  return [
    "import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';",
    "import { App, Duration, Stack } from 'aws-cdk-lib';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    ...(options.imports ?? []),
    '',
    'const app = new App();',
    `const stack = new Stack(app, ${JSON.stringify(options.stack)});`,
    "const fn = new lambda.Function(stack, 'Fn', {",
    '  runtime: lambda.Runtime.NODEJS_20_X,',
    "  handler: 'index.handler',",
    options.asset !== undefined
      ? `  code: lambda.Code.fromAsset(require('path').join(__dirname, ${JSON.stringify(options.asset)})),`
      : `  code: lambda.Code.fromInline(${options.code}),`,
    ...(options.functionName ? [`  functionName: ${JSON.stringify(options.functionName)},`] : []),
    '});',
    `const integ = new IntegTest(app, ${JSON.stringify(`${options.stack}Test`)}, { testCases: [stack] });`,
    'integ.assertions.invokeFunction({ functionName: fn.functionName })',
    `  .expect(ExpectedResult.objectLike({ Payload: Match.stringLikeRegexp(${JSON.stringify(options.payloadPattern)}) }))${options.wait ? '' : ';'}`,
    ...(options.wait ? [`  .waitForAssertions(${options.wait});`] : []),
    'void Duration;',
    '',
  ].join('\n');
}
