import * as path from 'path';
import { KeptServers } from './apigatewayv2/kept-servers';
import { CdkApp, readCdkApp, synthesizeCdkApp } from './cdk-app';
import { ServeArguments, UsageError } from './cli-arguments';
import { cloudFor } from './cli-deploy';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './cloudformation/deploy-environment';
import { DeployedStack } from './cloudformation/stack-deployer';
import { DynamoDbEngine } from './dynamodb/dynamodb-engine';
import { LocalCloud } from './local-cloud';
import { watchPatterns, watchProject } from './project-watcher';
import { INTEGRATION_TIMEOUT_SECONDS } from '../aws-limits';

/** One deployment of the app: its offline cloud and what it deployed. */
interface Deployment {
  readonly cloud: LocalCloud;
  readonly stacks: readonly DeployedStack[];
}

/** What `serve` prints: machine-readable lines on stdout, logs on stderr. */
export interface ServeOutput {
  stdout(line: string): void;
  log(line: string): void;
}

/** A running `serve --watch`. */
export interface WatchedServe {
  stop(): Promise<void>;
}

/**
 * `serve --watch`: synthesizes and serves the CDK app, then on every change to the files cdk.json's
 * `watch` block selects, synthesizes again and redeploys every stack into a new offline cloud that
 * takes over the same API servers, so each API keeps its URL. The previous deployment answers
 * until the new one is ready and finishes the requests it has; a synth or deploy error keeps it
 * serving. One line per reload says what changed and how long it took.
 */
export async function serveWatching(args: ServeArguments, output: ServeOutput): Promise<WatchedServe> {
  if (args.source !== undefined) {
    throw new UsageError(`--watch runs a CDK app again on each change: run serve --watch in a CDK project (cdk.json) or with --app, not with "${args.source}"`);
  }
  const cdkApp = readCdkApp(process.cwd(), args.app);
  const kept = new KeptServers();
  // One DynamoDB for every deployment: tables and items live for the life of the serve.
  const dynamodb = new DynamoDbEngine({ dataDir: args.dynamodbDir, log: output.log });
  const deploy = () => deployApp(cdkApp, args, kept, dynamodb, output.log);

  let current: Deployment;
  try {
    current = await deploy();
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
  current.cloud.attach();
  for (const stack of current.stacks) {
    for (const [id, value] of Object.entries(stack.outputs)) output.log(`output ${stack.stackName}.${id} = ${value}`);
  }
  for (const api of current.cloud.servedApis()) output.stdout(`${api.name} ${api.url}`);
  let lambdaUrl = await current.cloud.startLambdaApi();
  output.stdout(`lambda ${lambdaUrl}`);
  output.stdout('ready');

  const reload = async (changed: string[]) => {
    const started = Date.now();
    const what = describeChanges(changed);
    let next: Deployment;
    try {
      next = await deploy();
    } catch (error) {
      output.log(`reload failed (${what}): ${(error as Error).message}; still serving the previous version`);
      // Servers opened for APIs only the failed deployment had answer nothing: close them.
      await kept.closeAllBut(new Set(current.cloud.servedApis().map((api) => api.name)));
      return;
    }
    const before = new Set(current.cloud.servedApis().map((api) => api.name));
    // Detach and attach in one go, so no request finds neither; the old one finishes its own.
    const drained = current.cloud.detach(INTEGRATION_TIMEOUT_SECONDS * 1000);
    next.cloud.attach();
    const previous = current;
    current = next;
    await kept.closeAllBut(new Set(next.cloud.servedApis().map((api) => api.name)));
    for (const api of next.cloud.servedApis()) {
      if (!before.has(api.name)) output.stdout(`${api.name} ${api.url}`);
    }
    const nextLambdaUrl = await next.cloud.startLambdaApi();
    if (nextLambdaUrl !== lambdaUrl) output.stdout(`lambda ${nextLambdaUrl}`);
    lambdaUrl = nextLambdaUrl;
    output.log(`reload: ${what}; redeployed ${next.stacks.length} stack(s) in ${Date.now() - started} ms`);
    await drained;
    await previous.cloud.stop();
  };

  // One reload at a time; changes during a reload make one more after it.
  let running: Promise<void> | undefined;
  let pending: string[] = [];
  const schedule = (changed: string[]) => {
    pending.push(...changed);
    if (running) return;
    running = (async () => {
      while (pending.length > 0) {
        const batch = [...new Set(pending)];
        pending = [];
        await reload(batch);
      }
      running = undefined;
    })();
  };
  const outputFolder = path.relative(cdkApp.projectDir, cdkApp.outputDir) || '.';
  const watcher = watchProject(cdkApp.projectDir, watchPatterns(cdkApp.watch, outputFolder), schedule);
  output.log(`watching ${cdkApp.projectDir} for changes (cdk.json "watch"; ${outputFolder}, node_modules and dot files excluded)`);

  return {
    stop: async () => {
      watcher.close();
      await running;
      await current.cloud.stop();
      await kept.closeAll();
      await dynamodb.stop();
    },
  };
}

/** Synthesizes the app and deploys it into a new offline cloud on the kept servers; a failed deploy leaves nothing running. */
async function deployApp(
  cdkApp: CdkApp, args: ServeArguments, kept: KeptServers, dynamodb: DynamoDbEngine, log: (line: string) => void,
): Promise<Deployment> {
  const source = await synthesizeCdkApp(cdkApp, { accountId: args.accountId ?? DEFAULT_ACCOUNT_ID, region: args.region ?? DEFAULT_REGION }, log);
  const cloud = cloudFor(args, log, { host: args.host, port: args.port, keptServers: kept, dynamodb });
  try {
    return { cloud, stacks: await cloud.deploy(source) };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}

/** `handler/index.py changed`, `3 files changed (app.ts, ...)`. */
function describeChanges(changed: readonly string[]): string {
  if (changed.length === 1) return `${changed[0]} changed`;
  const shown = changed.slice(0, 3).join(', ');
  return `${changed.length} files changed (${shown}${changed.length > 3 ? ', ...' : ''})`;
}
