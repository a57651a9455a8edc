/** The command line of `graviton-local`, parsed and checked. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONCURRENCY_LIMIT, defaultWorkerLimit } from './lambda/lambda-service';

export const USAGE = `Usage:
  graviton-local serve [cdk.out | template.json | template.yaml] [--app "<command>"] [--watch] [--port N] [--host 127.0.0.1]
                       [--param Key=Value ...] [--concurrency N] [--workers N] [--pass-env NAME ...] [--region R] [--account N]
                       [--java-ric JAR] [--inspect[=port]] [--debug-python[=port]] [--jwks <issuer>=<file or URL> ...] [--jwt-unverified]
                       [--iam-credentials FILE]
                       [--dynamodb-dir DIR]
                       [--service-endpoint <service>=<url> ...]
      Deploy every stack on this machine and serve its HTTP APIs until stopped (Ctrl-C). With no
      cdk.out or template, runs the CDK app of the current folder's cdk.json first, as cdk synth does.
      --app "<command>" the CDK app to run instead of cdk.json's (as in the CDK CLI)
      --watch           on each change to the files cdk.json's "watch" selects, synthesize and
                        redeploy; every API keeps its URL, and an error keeps the last version serving
      --region R, --account N
                        where environment-agnostic stacks deploy (default us-east-1 and
                        123456789012); a stack with an env deploys into its own
      --concurrency N   the account's Lambda concurrency (default 1000): the most invocations in
                        progress at once; beyond it API Gateway answers 500, as for a throttled
                        function on AWS
      --workers N       the most function processes at once, across all functions (default
                        twice the cores, here ${defaultWorkerLimit()}); invocations beyond them wait for a free one
      --pass-env NAME   copy the variable NAME of your environment into every function's (by
                        default functions see only what Lambda and the template set)
      --java-ric JAR    the jar of com.amazonaws:aws-lambda-java-runtime-interface-client that
                        runs java* functions, its dependencies beside it (default: fetched
                        with mvn from Maven Central into ~/.cache/graviton-local on first use)
      --inspect[=port]  run Node.js functions under the inspector on 127.0.0.1: each worker on
                        its own port (this one for the first, then the next free ones; any free
                        port without one), each named in the log; a worker's timeout is
                        suspended once a debugger attaches
      --debug-python[=port]
                        run Python functions under debugpy on 127.0.0.1 (ports as --inspect) when
                        the local python3 imports it (else a warning: pip install debugpy, and
                        they run without it); the timeout is suspended while a client is attached
      --jwks <issuer>=<file or URL>
                        the signing keys (a JWKS JSON file, or a URL serving one) of a JWT
                        authorizer's issuer; without it, the keys are fetched through the issuer's
                        OpenID discovery document (<issuer>/.well-known/openid-configuration);
                        no keys: its tokens are refused with 401
      --jwt-unverified  JWT authorizers check claims only, not signatures (a forged token passes)
      --iam-credentials FILE
                        the access keys AWS_IAM routes know, a JSON list:
                        [{"accessKeyId": "...", "secretAccessKey": "...", "sessionToken": "..." (optional),
                          "arn": "arn:aws:iam::<account>:role/<name>" (optional: a role or user of the
                          templates has its execute-api:Invoke policies evaluated)}];
                        the environment's AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are known too.
                        A request signed with any other key, or whose signature does not verify, gets 403
      --dynamodb-dir DIR
                        keep DynamoDB tables and their items in this folder across runs (made if
                        absent); without it they live in memory for the life of the serve
      --service-endpoint <service>=<url>
                        set AWS_ENDPOINT_URL_<SERVICE> in every function, so its AWS SDK calls that
                        service at <url> (a local engine you run); <service> is the SDK's key, e.g.
                        sqs, s3, sns, dynamodb, secrets_manager, sfn. Resource types the offline
                        cloud does not emulate deploy as placeholders (a warning per type)
  graviton-local invoke <Stack/LogicalId | FunctionName> [cdk.out | template] [--event <file> | --event -]
                        [--app "<command>"] [the deploy options of serve]
      Deploy, invoke the function once with the event (default {}; - reads standard input), print
      its answer on stdout and its logs on stderr; exit code 1 on a function error.
  graviton-local integ [dir | integ.test.ts ...] [--directory DIR] [--filter pattern] [--max-workers N] [--verbose]
                      [--junit FILE] [--watch] [--java-ric JAR] [--jwks <issuer>=<file or URL> ...] [--jwt-unverified]
                      [--iam-credentials FILE] [--allow-placeholders] [--service-endpoint <service>=<url> ...]
      Synthesize each integ.*.ts under dir (default: integ), deploy it on this machine and run
      its @aws-cdk/integ-tests-alpha assertions (waitForAssertions included); exit code 1 if any fails.
      A folder given as argument is the directory; files are the tests to run (as given, or in the directory).
      --directory DIR   the folder of the integ tests (as integ-runner's --directory)
      --filter pattern  only tests whose path in the directory contains pattern
      --max-workers N   run N tests at once, each in its own offline cloud (default 1)
      --verbose         every test's function and API logs and its synth and deploy times
      --junit FILE      also write a JUnit XML report to FILE (one testsuite per test file)
      --watch           after the run, rerun the tests whose file or dependencies change (the
                        project files their synthesis loaded or read); Ctrl-C stops
      --allow-placeholders
                        deploy resource types the offline cloud does not emulate as placeholders; each
                        result of such a test is marked PASS* or FAIL*, naming the stack
  graviton-local --help`;

/** What to deploy and how the offline cloud is set up: shared by serve and invoke. */
export interface DeployArguments {
  /** A cdk.out folder or a template file; undefined = the CDK app of the current folder. */
  readonly source?: string;
  /** The CDK app command (`--app`), instead of cdk.json's. */
  readonly app?: string;
  readonly parameters: Record<string, string>;
  /** The account's Lambda concurrency. */
  readonly concurrency: number;
  /** The most function processes at once; undefined = the default for this machine. */
  readonly workers?: number;
  /** Variables of the user's environment every function gets. */
  readonly passEnvironment: readonly string[];
  /** The Region and account of environment-agnostic stacks; undefined = the offline cloud's defaults. */
  readonly region?: string;
  readonly accountId?: string;
  /** The Java runtime interface client's jar; undefined = fetched with Maven. */
  readonly javaRic?: string;
  /** `--inspect[=port]`: Node.js functions run under the inspector from this port; 0 = any free port. */
  readonly inspect?: number;
  /** `--debug-python[=port]`: Python functions run under debugpy from this port; 0 = any free port. */
  readonly debugPython?: number;
  /** `--jwks`: the signing keys of JWT issuers, issuer → a JWKS file or URL. */
  readonly jwks: Readonly<Record<string, string>>;
  /** `--jwt-unverified`: JWT authorizers check claims only. */
  readonly jwtUnverified?: boolean;
  /** `--iam-credentials`: a JSON file of the access keys AWS_IAM routes know. */
  readonly iamCredentials?: string;
  /** `--dynamodb-dir`: the folder that keeps DynamoDB tables across runs; undefined = in memory. */
  readonly dynamodbDir?: string;
  /** `--service-endpoint`: the SDK's service key → the URL functions call it at. */
  readonly serviceEndpoints: Readonly<Record<string, string>>;
}

export interface ServeArguments extends DeployArguments {
  readonly command: 'serve';
  /** Port of the first HTTP API; 0 = any free port. */
  readonly port: number;
  readonly host: string;
  /** Synthesize and redeploy on changes (`--watch`). */
  readonly watch?: boolean;
}

export interface InvokeArguments extends DeployArguments {
  readonly command: 'invoke';
  /** `<StackName>/<LogicalId>` or a function name. */
  readonly functionId: string;
  /** A file holding the event, `-` for standard input; undefined = `{}`. */
  readonly event?: string;
}

export const DEFAULT_CONCURRENCY = DEFAULT_CONCURRENCY_LIMIT;

export interface IntegArguments {
  readonly command: 'integ';
  /** The folder of the integ tests. */
  readonly dir: string;
  /** Test files named on the command line; empty = every test under `dir`. */
  readonly tests: readonly string[];
  readonly filter?: string;
  /** How many tests run at once. */
  readonly maxWorkers: number;
  readonly verbose?: boolean;
  /** Where to write a JUnit XML report. */
  readonly junit?: string;
  /** Rerun tests whose files or dependencies change. */
  readonly watch?: boolean;
  readonly javaRic?: string;
  readonly jwks: Readonly<Record<string, string>>;
  readonly jwtUnverified?: boolean;
  readonly iamCredentials?: string;
  /** `--allow-placeholders`: resource types nobody emulates deploy as placeholders, and the results are marked. */
  readonly allowPlaceholders?: boolean;
  readonly serviceEndpoints: Readonly<Record<string, string>>;
}

export interface HelpArguments {
  readonly command: 'help';
}

/** A command line `graviton-local` cannot run; the message says what was wrong. */
export class UsageError extends Error {}

export type Arguments = ServeArguments | InvokeArguments | IntegArguments | HelpArguments;

export function parseArguments(argv: readonly string[]): Arguments {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { command: 'help' };
  }
  if (command === 'integ') return parseInteg(rest);
  if (command === 'serve') return parseServe(rest);
  if (command === 'invoke') return parseInvoke(rest);
  throw new UsageError(`unknown command "${command}"; the commands are: serve, invoke, integ`);
}

/** One option's value, taken from the command line. */
type TakeValue = () => string;

/** One `--jwks <issuer>=<file or URL>`, added to `jwks`. */
function addJwks(jwks: Record<string, string>, text: string): void {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) {
    throw new UsageError(`--jwks "${text}": must be <issuer>=<file or URL>, e.g. --jwks https://issuer.example.com=jwks.json`);
  }
  jwks[text.slice(0, eq)] = text.slice(eq + 1);
}

/**
 * One `--service-endpoint <service>=<url>`, added to `endpoints`. The service is the key of the
 * SDKs' table of service identifiers (`AWS_ENDPOINT_URL_<KEY>`); a `-` is read as `_`.
 */
// https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html
function addServiceEndpoint(endpoints: Record<string, string>, text: string): void {
  const eq = text.indexOf('=');
  const example = 'e.g. --service-endpoint sqs=http://127.0.0.1:9324';
  if (eq <= 0 || eq === text.length - 1) {
    throw new UsageError(`--service-endpoint "${text}": must be <service>=<url>, ${example}`);
  }
  const service = text.slice(0, eq).toLowerCase().replace(/-/g, '_');
  const url = text.slice(eq + 1);
  if (!/^[a-z0-9_]+$/.test(service)) {
    throw new UsageError(`--service-endpoint "${text}": the service must be the SDK's key for it (letters, digits, _), such as sqs, dynamodb or secrets_manager`);
  }
  if (service === 'lambda') {
    throw new UsageError(`--service-endpoint "${text}": functions already call the offline cloud's own Lambda Invoke API; lambda cannot be pointed elsewhere`);
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    throw new UsageError(`--service-endpoint "${text}": ${JSON.stringify(url)} is not an http:// or https:// URL, ${example}`);
  }
  endpoints[service] = url;
}

/**
 * The deploy options and positional arguments of `rest`; `own` takes the command's other
 * options (true when it knew the option).
 */
function parseDeployOptions(rest: readonly string[], ownOptions: string, own: (arg: string, value: TakeValue) => boolean) {
  const positional: string[] = [];
  let app: string | undefined;
  const parameters: Record<string, string> = {};
  let concurrency = DEFAULT_CONCURRENCY;
  let workers: number | undefined;
  const passEnvironment: string[] = [];
  let region: string | undefined;
  let accountId: string | undefined;
  let javaRic: string | undefined;
  let inspect: number | undefined;
  let debugPython: number | undefined;
  const jwks: Record<string, string> = {};
  let jwtUnverified: true | undefined;
  let iamCredentials: string | undefined;
  let dynamodbDir: string | undefined;
  const serviceEndpoints: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const debugFlag = /^(--inspect|--debug-python)(?:=(.*))?$/.exec(arg);
    if (debugFlag) {
      const port = debugPort(debugFlag[1], debugFlag[2]);
      if (debugFlag[1] === '--inspect') inspect = port;
      else debugPython = port;
      continue;
    }
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined) {
        throw new UsageError(`${arg} needs a value`);
      }
      return next;
    };
    if (own(arg, value)) continue;
    if (arg === '--app') {
      app = value();
      if (app.trim() === '') throw new UsageError('--app needs a command, e.g. --app "npx ts-node bin/app.ts"');
    } else if (arg === '--param') {
      const text = value();
      const eq = text.indexOf('=');
      if (eq <= 0) {
        throw new UsageError(`--param "${text}": must be Key=Value`);
      }
      parameters[text.slice(0, eq)] = text.slice(eq + 1);
    } else if (arg === '--concurrency') {
      const text = value();
      concurrency = Number(text);
      if (!/^\d+$/.test(text) || concurrency < 1) {
        throw new UsageError(`--concurrency "${text}": must be a whole number of 1 or more (Lambda's default is ${DEFAULT_CONCURRENCY})`);
      }
    } else if (arg === '--workers') {
      const text = value();
      workers = Number(text);
      if (!/^\d+$/.test(text) || workers < 1) {
        throw new UsageError(`--workers "${text}": must be a whole number of 1 or more (the default here is ${defaultWorkerLimit()}, twice the cores)`);
      }
    } else if (arg === '--pass-env') {
      const text = value();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) {
        throw new UsageError(`--pass-env "${text}": must be the name of an environment variable`);
      }
      passEnvironment.push(text);
    } else if (arg === '--region') {
      region = value();
      // https://docs.aws.amazon.com/general/latest/gr/rande.html: us-east-1, us-gov-west-1, cn-north-1, ...
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
        throw new UsageError(`--region "${region}": must be a Region code such as us-east-1 or ap-northeast-1`);
      }
    } else if (arg === '--account') {
      accountId = value();
      if (!/^\d{12}$/.test(accountId)) {
        throw new UsageError(`--account "${accountId}": must be an AWS account id of 12 digits`);
      }
    } else if (arg === '--java-ric') {
      javaRic = value();
    } else if (arg === '--jwks') {
      addJwks(jwks, value());
    } else if (arg === '--jwt-unverified') {
      jwtUnverified = true;
    } else if (arg === '--dynamodb-dir') {
      dynamodbDir = dataFolder(arg, value());
    } else if (arg === '--iam-credentials') {
      iamCredentials = value();
    } else if (arg === '--service-endpoint') {
      addServiceEndpoint(serviceEndpoints, value());
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"; the options are ${ownOptions}, --app, --param, --concurrency, --workers, --pass-env, --region, --account, `
        + '--java-ric, --inspect[=port], --debug-python[=port], --jwks, --jwt-unverified, --iam-credentials, --dynamodb-dir and --service-endpoint');
    } else {
      positional.push(arg);
    }
  }
  return {
    positional,
    options: {
      app,
      parameters,
      concurrency,
      workers,
      passEnvironment,
      region,
      accountId,
      javaRic,
      inspect,
      debugPython,
      jwks,
      jwtUnverified,
      iamCredentials,
      dynamodbDir,
      serviceEndpoints,
    },
  };
}

/** A folder to keep data in: absent (it is made) or a folder, never a file. */
function dataFolder(flag: string, text: string): string {
  if (text.trim() === '') throw new UsageError(`${flag} needs a folder, e.g. ${flag} .dynamodb`);
  if (fs.existsSync(text) && !fs.statSync(text).isDirectory()) {
    throw new UsageError(`${flag} "${text}": is a file; it must be a folder (made if absent)`);
  }
  return path.resolve(text);
}

/** The port of `--inspect=port` or `--debug-python=port`; 0 (any free port) without one. */
function debugPort(flag: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new UsageError(`${flag}=${text}: must be a port number from 1 to 65535 (${flag} alone takes any free port)`);
  }
  return port;
}

/** A cdk.out or template, or --app: not both. */
function checkedSource(source: string | undefined, app: string | undefined): string | undefined {
  if (source !== undefined && app !== undefined) {
    throw new UsageError(`give a cdk.out folder or template ("${source}") or --app, not both`);
  }
  return source;
}

function parseServe(rest: readonly string[]): ServeArguments {
  let port = 0;
  let host = '127.0.0.1';
  let watch: true | undefined;
  const { positional, options } = parseDeployOptions(rest, '--port, --host, --watch', (arg, value) => {
    if (arg === '--watch') {
      watch = true;
      return true;
    }
    if (arg === '--port') {
      const text = value();
      port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) {
        throw new UsageError(`--port "${text}": must be a port number from 0 to 65535 (0 = any free port)`);
      }
      return true;
    }
    if (arg === '--host') {
      host = value();
      return true;
    }
    return false;
  });
  if (positional.length > 1) {
    throw new UsageError(`unexpected argument "${positional[1]}": serve takes one cdk.out directory or template file`);
  }
  return { command: 'serve', ...options, source: checkedSource(positional[0], options.app), port, host, watch };
}

function parseInvoke(rest: readonly string[]): InvokeArguments {
  let event: string | undefined;
  const { positional, options } = parseDeployOptions(rest, '--event', (arg, value) => {
    if (arg !== '--event') return false;
    event = value();
    return true;
  });
  const [functionId, source, extra] = positional;
  if (functionId === undefined) {
    throw new UsageError('invoke needs the function: <StackName>/<LogicalId> or its function name');
  }
  if (extra !== undefined) {
    throw new UsageError(`unexpected argument "${extra}": invoke takes the function, then at most one cdk.out directory or template file`);
  }
  return { command: 'invoke', ...options, source: checkedSource(source, options.app), functionId, event };
}

const INTEG_OPTIONS = '--directory, --filter, --max-workers, --verbose, --junit, --watch, --java-ric, --jwks, --jwt-unverified, --iam-credentials, --allow-placeholders and --service-endpoint';

function parseInteg(rest: readonly string[]): IntegArguments {
  let directory: string | undefined;
  const positionalDirs: string[] = [];
  const tests: string[] = [];
  let filter: string | undefined;
  let maxWorkers = 1;
  let verbose: true | undefined;
  let junit: string | undefined;
  let watch: true | undefined;
  let javaRic: string | undefined;
  const jwks: Record<string, string> = {};
  let jwtUnverified: true | undefined;
  let iamCredentials: string | undefined;
  let allowPlaceholders: true | undefined;
  const serviceEndpoints: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    // `--name value` or `--name=value`, as integ-runner accepts.
    const eq = rest[i].startsWith('--') ? rest[i].indexOf('=') : -1;
    const arg = eq > 0 ? rest[i].slice(0, eq) : rest[i];
    const value = (): string => {
      const text = eq > 0 ? rest[i].slice(eq + 1) : rest[++i];
      if (text === undefined || text === '') throw new UsageError(`${arg} needs a value`);
      return text;
    };
    const flag = (): true => {
      if (eq > 0) throw new UsageError(`${arg} takes no value`);
      return true;
    };
    if (arg === '--directory') {
      directory = value();
    } else if (arg === '--filter') {
      filter = value();
    } else if (arg === '--max-workers') {
      const text = value();
      maxWorkers = Number(text);
      if (!/^\d+$/.test(text) || maxWorkers < 1) {
        throw new UsageError(`--max-workers "${text}": must be a whole number of 1 or more (tests run at once, each in its own offline cloud)`);
      }
    } else if (arg === '--verbose' || arg === '-v') {
      verbose = flag();
    } else if (arg === '--junit') {
      junit = value();
    } else if (arg === '--watch') {
      watch = flag();
    } else if (arg === '--java-ric') {
      javaRic = value();
    } else if (arg === '--jwks') {
      addJwks(jwks, value());
    } else if (arg === '--jwt-unverified') {
      jwtUnverified = flag();
    } else if (arg === '--iam-credentials') {
      iamCredentials = value();
    } else if (arg === '--allow-placeholders') {
      allowPlaceholders = flag();
    } else if (arg === '--service-endpoint') {
      addServiceEndpoint(serviceEndpoints, value());
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option "${arg}"; integ takes ${INTEG_OPTIONS}`);
    } else if (isIntegTestFile(arg)) {
      tests.push(arg);
    } else {
      positionalDirs.push(arg);
    }
  }
  const dirs = [...new Set([...positionalDirs, ...(directory !== undefined ? [directory] : [])])];
  if (dirs.length > 1) {
    throw new UsageError(`integ takes one directory, got ${dirs.map((dir) => `"${dir}"`).join(' and ')}; name test files (integ.*.ts) to run some of its tests`);
  }
  return { command: 'integ', dir: dirs[0] ?? 'integ', tests, filter, maxWorkers, verbose, junit, watch, javaRic, jwks, jwtUnverified, iamCredentials, allowPlaceholders, serviceEndpoints };
}

/** A positional argument that names a test rather than a folder: an existing file, or a .ts/.js path. */
function isIntegTestFile(arg: string): boolean {
  try {
    return !fs.statSync(arg).isDirectory();
  } catch {
    return /\.(ts|js)$/.test(arg);
  }
}
