import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A CDK project as the CDK CLI reads it: the app command, the output folder, the context. */
export interface CdkApp {
  /** The folder commands run in (the one with `cdk.json`). */
  readonly projectDir: string;
  /** The `app` command, or the path of a cloud assembly folder. */
  readonly app: string;
  /** The cloud assembly folder the app writes (`output` of cdk.json, default `cdk.out`), absolute. */
  readonly outputDir: string;
  /**
   * The context as the CDK CLI merges it: ~/.cdk.json's `context`, cdk.json's over it, then
   * cdk.context.json's (the lookups cache) over both.
   */
  readonly context: Record<string, unknown>;
  /** cdk.json's `watch` block (`include`, `exclude`), as `cdk watch` reads it. */
  readonly watch?: unknown;
}

/** A CDK project the offline cloud cannot run; the message says what was wrong. */
export class CdkAppError extends Error {}

/**
 * The CDK project in `projectDir`: its `cdk.json`, unless `appOverride` (`--app`) gives the
 * command. Without either there is nothing to run.
 * https://docs.aws.amazon.com/cdk/v2/guide/cli.html#cli-config
 */
export function readCdkApp(projectDir: string, appOverride?: string): CdkApp {
  const configFile = path.join(projectDir, 'cdk.json');
  const config = fs.existsSync(configFile) ? readJson(configFile) : {};
  const app = appOverride ?? config.app;
  if (typeof app !== 'string' || app.trim() === '') {
    throw new CdkAppError(fs.existsSync(configFile)
      ? `${configFile} has no "app" command; add one (e.g. "npx ts-node bin/app.ts") or give --app "<command>"`
      : `no cdk.json in ${projectDir}: run serve in a CDK project, give --app "<command>", or give a cdk.out folder or a template file`);
  }
  const userFile = path.join(os.homedir(), '.cdk.json');
  const userConfig = fs.existsSync(userFile) ? readJson(userFile) : {};
  const contextFile = path.join(projectDir, 'cdk.context.json');
  const context = {
    ...(isObject(userConfig.context) ? userConfig.context : {}),
    ...(isObject(config.context) ? config.context : {}),
    ...(fs.existsSync(contextFile) ? readJson(contextFile) : {}),
  };
  const output = typeof config.output === 'string' ? config.output : 'cdk.out';
  return { projectDir, app, outputDir: path.resolve(projectDir, output), context, watch: config.watch };
}

/** The account and Region the CDK CLI would pass as the defaults (`CDK_DEFAULT_ACCOUNT`, `CDK_DEFAULT_REGION`). */
export interface DefaultEnvironment {
  readonly accountId: string;
  readonly region: string;
}

/**
 * Runs the app as `cdk synth` does and returns the cloud assembly folder: a shell command, with
 * `CDK_OUTDIR`, the context as `CDK_CONTEXT_JSON` (plus the CLI's path and asset metadata), and
 * the default account and Region. An `app` that is a folder is a cloud assembly already. The
 * app's stdout goes to `log` (this process's stdout is for machine-readable lines); its stderr
 * passes through, so a failing app shows its own error.
 */
export async function synthesizeCdkApp(cdkApp: CdkApp, defaults: DefaultEnvironment, log: (line: string) => void): Promise<string> {
  const asFolder = path.resolve(cdkApp.projectDir, cdkApp.app);
  if (fs.existsSync(asFolder) && fs.statSync(asFolder).isDirectory()) return asFolder;

  fs.mkdirSync(cdkApp.outputDir, { recursive: true });
  const context = {
    ...cdkApp.context,
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_OUTDIR: cdkApp.outputDir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
    CDK_DEFAULT_ACCOUNT: defaults.accountId,
    CDK_DEFAULT_REGION: defaults.region,
  };
  const started = Date.now();
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(cdkApp.app, { cwd: cdkApp.projectDir, env, shell: true, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      lines.forEach(log);
    });
    child.once('error', reject);
    child.once('close', (exitCode, exitSignal) => {
      if (pending) log(pending);
      resolve({ code: exitCode, signal: exitSignal });
    });
  });
  if (code !== 0) {
    throw new CdkAppError(`the app failed (${signal ? `signal ${signal}` : `exit code ${code}`}): ${cdkApp.app}`);
  }
  if (!fs.existsSync(path.join(cdkApp.outputDir, 'manifest.json'))) {
    throw new CdkAppError(`the app exited without writing a cloud assembly to ${cdkApp.outputDir} (does it call app.synth()?): ${cdkApp.app}`);
  }
  log(`synth: ${cdkApp.app} -> ${path.relative(cdkApp.projectDir, cdkApp.outputDir) || '.'} (${Date.now() - started} ms)`);
  return cdkApp.outputDir;
}

function readJson(file: string): Record<string, any> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (error) {
    throw new CdkAppError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new CdkAppError(`${file} must hold a JSON object`);
  return parsed;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

