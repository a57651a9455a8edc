import { knownCredentials } from './apigatewayv2/authorization/iam-credentials';
import { KeptServers } from './apigatewayv2/kept-servers';
import { readCdkApp, synthesizeCdkApp } from './cdk-app';
import { DeployArguments } from './cli-arguments';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './cloudformation/deploy-environment';
import { DynamoDbEngine } from './dynamodb/dynamodb-engine';
import { LocalCloud } from './local-cloud';

/**
 * What to deploy: the cdk.out or template given, else the cloud assembly of the CDK app in the
 * current folder (or `--app`), synthesized as `cdk synth` does.
 */
export async function deploySource(args: DeployArguments, log: (line: string) => void): Promise<string> {
  if (args.source !== undefined) return args.source;
  const cdkApp = readCdkApp(process.cwd(), args.app);
  return synthesizeCdkApp(cdkApp, { accountId: args.accountId ?? DEFAULT_ACCOUNT_ID, region: args.region ?? DEFAULT_REGION }, log);
}

/**
 * The offline cloud the deploy options describe. The access keys AWS_IAM routes know are the
 * `--iam-credentials` file's and this process's own (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY);
 * a bad file throws IamCredentialsError.
 */
export function cloudFor(
  args: DeployArguments,
  log: (line: string) => void,
  listen: { host?: string; port?: number; keptServers?: KeptServers; dynamodb?: DynamoDbEngine } = {},
): LocalCloud {
  return new LocalCloud({
    log,
    host: listen.host,
    port: listen.port,
    keptServers: listen.keptServers,
    parameters: args.parameters,
    concurrencyLimit: args.concurrency,
    workerLimit: args.workers,
    passEnvironment: args.passEnvironment,
    region: args.region,
    accountId: args.accountId,
    javaRic: args.javaRic,
    inspectPort: args.inspect,
    debugPythonPort: args.debugPython,
    jwks: args.jwks,
    jwtUnverified: args.jwtUnverified,
    iamCredentials: knownCredentials(args.iamCredentials, process.env),
    dynamodbDir: args.dynamodbDir,
    dynamodb: listen.dynamodb,
    serviceEndpoints: args.serviceEndpoints,
  });
}
