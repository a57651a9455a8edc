import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A synthesized integ test: its cloud assembly folder (temporary; remove it when done). */
export interface SynthesizedIntegTest {
  readonly assemblyDir: string;
  /** With `recordDependencies`: the local files the app loaded or read (absolute paths), itself included. */
  readonly dependencies?: readonly string[];
}

export interface IntegSynthOptions {
  /** Record the files the app loads outside node_modules (for `integ --watch`). @default false */
  readonly recordDependencies?: boolean;
}

// The preload that records the files the app depends on; `.ts` under ts-node, `.js` once compiled.
const DEPENDENCY_RECORDER = require.resolve('./dependency-recorder');

/**
 * Synthesizes one integ test into a temporary cloud assembly, the way integ-runner runs it:
 * the file is executed as a CDK app (`ts-node` for TypeScript) with `CDK_OUTDIR` set, the
 * recommended feature flags as context and integ-runner's `CDK_INTEG_*` variables.
 * ts-node comes from the user's project (the working directory), else from this package.
 */
export async function synthesizeIntegTest(file: string, projectDir: string, options: IntegSynthOptions = {}): Promise<SynthesizedIntegTest> {
  const assemblyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'graviton-local-integ-'));
  const dependenciesFile = path.join(assemblyDir, 'graviton-local-dependencies.json');
  const preload = options.recordDependencies ? ['-r', DEPENDENCY_RECORDER] : [];
  const args = file.endsWith('.ts') ? ['-r', resolveTsNode(projectDir), ...preload, file] : [...preload, file];
  const env: Record<string, string> = { ...process.env as Record<string, string>, ...INTEG_RUNNER_ENV, CDK_OUTDIR: assemblyDir };
  if (options.recordDependencies) env.GRAVITON_LOCAL_INTEG_DEPENDENCIES = dependenciesFile;
  const flags = recommendedFlags(projectDir);
  if (flags) {
    // integ-runner synthesizes with aws-cdk-lib's recommended feature flags as context.
    env.CDK_CONTEXT_JSON = JSON.stringify(flags);
  }
  // Type errors are the compiler's job; running the app only needs the JavaScript.
  env.TS_NODE_TRANSPILE_ONLY ??= 'true';
  const devConfig = path.join(projectDir, 'tsconfig.dev.json');
  if (!env.TS_NODE_PROJECT && fs.existsSync(devConfig)) {
    env.TS_NODE_PROJECT = devConfig;
  }
  const output = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: projectDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (code) => resolve({ code, stderr }));
  });
  if (output.code !== 0 || !fs.existsSync(path.join(assemblyDir, 'manifest.json'))) {
    fs.rmSync(assemblyDir, { recursive: true, force: true });
    const tail = output.stderr.trim().split('\n').slice(-15).join('\n');
    throw new Error(`synthesis failed (exit code ${output.code}):\n${tail}`);
  }
  return { assemblyDir, dependencies: options.recordDependencies ? readDependencies(dependenciesFile) : undefined };
}

function readDependencies(file: string): string[] | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch {
    return undefined;
  }
}

// The environment integ-runner gives an integ app, so env-dependent tests synthesize alike.
const INTEG_RUNNER_ENV = {
  CDK_INTEG_ACCOUNT: '12345678',
  CDK_INTEG_REGION: 'test-region',
  CDK_INTEG_HOSTED_ZONE_ID: 'Z23ABC4XYZL05B',
  CDK_INTEG_HOSTED_ZONE_NAME: 'example.com',
  CDK_INTEG_DOMAIN_NAME: '*.example.com',
  CDK_INTEG_CERT_ARN: 'arn:aws:acm:test-region:12345678:certificate/86468209-a272-595d-b831-0efb6421265z',
  CDK_INTEG_SUBNET_ID: 'subnet-0dff1a399d8f6f92c',
};

/** The feature flags the project's integ-runner synthesizes with, if it has integ-runner installed. */
function recommendedFlags(projectDir: string): Record<string, unknown> | undefined {
  try {
    const file = require.resolve('@aws-cdk/integ-runner/lib/recommended-feature-flags.json', { paths: [projectDir] });
    return JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch {
    return undefined;
  }
}

function resolveTsNode(projectDir: string): string {
  try {
    return require.resolve('ts-node/register', { paths: [projectDir] });
  } catch {
    try {
      return require.resolve('ts-node/register');
    } catch {
      throw new Error('TypeScript integ tests need ts-node: npm install --save-dev ts-node');
    }
  }
}
