#!/usr/bin/env node
/**
 * `graviton-local`: the offline cloud's command line.
 *
 * `serve` prints one line per HTTP API (`<StackName>/<LogicalId> <url>`), one line
 * `lambda <url>` for the Lambda Invoke API, then `ready`, and serves until SIGINT or SIGTERM.
 * `invoke` prints the function's answer. `integ` prints one PASS/FAIL line per assertion, one
 * `TIME <test> <seconds> s (...)` line per test file and `N passed, M failed`; with `--watch`,
 * one `RERUN <files> changed: <tests>` line before each rerun's lines. Logs go to stderr, so
 * stdout stays machine-readable.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IamCredentialsError, knownCredentials } from './apigatewayv2/authorization/iam-credentials';
import { CdkAppError } from './cdk-app';
import { Arguments, IntegArguments, ServeArguments, USAGE, UsageError, parseArguments } from './cli-arguments';
import { cloudFor, deploySource } from './cli-deploy';
import { invoke } from './cli-invoke';
import { DeployError } from './cloudformation/resource-provider';
import { selectIntegTests } from './integ/integ-discovery';
import { IntegRunner, TestFileResult } from './integ/integ-runner';
import { IntegWatch, watchIntegTests } from './integ/integ-watch';
import { junitXml } from './integ/junit-report';
import { JWT_UNVERIFIED_WARNING } from './local-cloud';
import { LogWriter } from './log-writer';
import { serveWatching } from './serve-watch';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Function output, access logs and API Gateway's messages: to stderr, in batches. */
const serveLog = new LogWriter(process.stderr);

/** On SIGINT or SIGTERM: `stop()`, then exit 0 (1 if stopping failed). */
function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    serveLog.line(`${signal}: stopping`);
    const exit = (code: number) => {
      serveLog.flush();
      process.exit(code);
    };
    stop().then(() => exit(0), () => exit(1));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

async function serve(args: ServeArguments): Promise<void> {
  if (!LOOPBACK.has(args.host)) {
    serveLog.line(`warning: --host ${args.host} makes the APIs and the Lambda Invoke API reachable from other machines; they have no authentication`);
  }
  if (args.watch) {
    const watched = await serveWatching(args, {
      stdout: (line) => {
        serveLog.flush();
        process.stdout.write(`${line}\n`);
      },
      log: serveLog.line,
    });
    stopOnSignals(() => watched.stop());
    return;
  }
  const source = await deploySource(args, serveLog.line);
  const cloud = cloudFor(args, serveLog.line, { host: args.host, port: args.port });
  stopOnSignals(() => cloud.stop());
  try {
    const stacks = await cloud.deploy(source);
    for (const stack of stacks) {
      for (const [id, value] of Object.entries(stack.outputs)) {
        serveLog.line(`output ${stack.stackName}.${id} = ${value}`);
      }
    }
    for (const api of cloud.servedApis()) {
      process.stdout.write(`${api.name} ${api.url}\n`);
    }
    process.stdout.write(`lambda ${await cloud.startLambdaApi()}\n`);
    serveLog.flush();
    process.stdout.write('ready\n');
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}

async function integ(args: IntegArguments): Promise<number> {
  let iamCredentials;
  try {
    iamCredentials = knownCredentials(args.iamCredentials, process.env);
  } catch (error) {
    if (!(error instanceof IamCredentialsError)) throw error;
    process.stderr.write(`graviton-local: ${error.message}\n`);
    return 2;
  }
  const select = () => selectIntegTests({ dir: args.dir, files: args.tests, filter: args.filter });
  const tests = select();
  if (tests.length === 0) {
    throw new Error(`no integ.*.ts files under ${args.dir}${args.filter ? ` matching "${args.filter}"` : ''}`);
  }
  const report = (line: string) => process.stdout.write(`${line}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const runner = new IntegRunner({
    tests,
    dir: args.dir,
    maxWorkers: args.maxWorkers,
    verbose: args.verbose,
    recordDependencies: args.watch,
    report,
    log,
    javaRic: args.javaRic,
    jwks: args.jwks,
    jwtUnverified: args.jwtUnverified,
    iamCredentials,
    allowPlaceholders: args.allowPlaceholders,
    serviceEndpoints: args.serviceEndpoints,
  });
  let watch: IntegWatch | undefined;
  const stop = (signal: string) => {
    process.stderr.write(`${signal}: stopping\n`);
    const exit = () => process.exit(130);
    Promise.all([watch?.close(), runner.stop()]).then(exit, exit);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const writeJunit = (results: readonly TestFileResult[], durationMs: number) => {
    if (!args.junit) return;
    fs.mkdirSync(path.dirname(path.resolve(args.junit)), { recursive: true });
    fs.writeFileSync(args.junit, junitXml(results, durationMs));
  };
  const summary = await runner.run();
  writeJunit(summary.tests, summary.durationMs);
  if (!args.watch) {
    return summary.failed > 0 ? 1 : 0;
  }
  watch = watchIntegTests(runner, summary, {
    projectDir: process.cwd(),
    select,
    report,
    log,
    afterRun: (latest) => writeJunit(latest, latest.reduce((sum, test) => sum + test.durationMs, 0)),
  });
  return -1; // keep watching until a signal
}

async function main(argv: string[]): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`graviton-local: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (args.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.jwtUnverified) {
    process.stderr.write(`${JWT_UNVERIFIED_WARNING}\n`);
  }
  if (args.command === 'integ') {
    try {
      return await integ(args);
    } catch (error) {
      process.stderr.write(`graviton-local: ${(error as Error).message}\n`);
      return 1;
    }
  }
  try {
    if (args.command === 'invoke') return await invoke(args, serveLog);
    await serve(args);
    return -1; // keep serving
  } catch (error) {
    serveLog.flush();
    if (error instanceof UsageError || error instanceof IamCredentialsError) {
      process.stderr.write(`graviton-local: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CdkAppError) {
      process.stderr.write(`graviton-local: synth failed: ${error.message}\n`);
    } else {
      const message = error instanceof DeployError ? error.message : (error as Error).stack ?? String(error);
      process.stderr.write(`graviton-local: deploy failed: ${message}\n`);
    }
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
}, (error) => {
  serveLog.flush();
  process.stderr.write(`graviton-local: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
