import { randomBytes } from 'node:crypto';
import { LambdaFunctionConfig } from './function-config';
import { RUNTIME_CLIENTS_DIR } from './runtimes';

/**
 * Placeholder credentials: a function's SDK finds credentials where AWS puts the execution role's,
 * and none of the user's own ever reach function code.
 */
export const PLACEHOLDER_CREDENTIALS: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'ASIAOFFLINECLOUDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'offline-cloud-local-placeholder-secret-key',
  AWS_SESSION_TOKEN: 'offline-cloud-local-placeholder-session-token',
};

/** A log stream name as Lambda names one per execution environment: `2024/05/01/[$LATEST]<32 hex>`. */
export function logStreamName(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * The log group a function writes to: its `LoggingConfig.LogGroup`, else `/aws/lambda/<name>`.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html
 */
export function functionLogGroup(config: Pick<LambdaFunctionConfig, 'name' | 'logGroup'>): string {
  return config.logGroup ?? `/aws/lambda/${config.name}`;
}

/**
 * The environment of a function's process: only what Lambda sets, then the template's variables,
 * then the offline cloud's extra variables (local endpoints), which win. Nothing else of this
 * process's environment leaks in, except PATH, needed to find interpreters.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function workerEnvironment(config: LambdaFunctionConfig, options: {
  /** host:port of the HTTP Runtime API, or the pipe's file descriptor for our own runtime clients. */
  readonly runtimeApi: { readonly address: string } | { readonly pipeFd: number };
  readonly logStreamName: string;
  readonly extraEnvironment?: Readonly<Record<string, string>>;
}): Record<string, string> {
  const lambdaEnvironment: Record<string, string> = {
    _HANDLER: config.handler,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${config.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: functionLogGroup(config),
    AWS_LAMBDA_LOG_STREAM_NAME: options.logStreamName,
    // Our own runtime clients take the pipe's number and remove it before the handler loads.
    ...('address' in options.runtimeApi
      ? { AWS_LAMBDA_RUNTIME_API: options.runtimeApi.address }
      : { GRAVITON_LOCAL_RUNTIME_FD: String(options.runtimeApi.pipeFd) }),
    LAMBDA_TASK_ROOT: config.codeDir,
    LAMBDA_RUNTIME_DIR: RUNTIME_CLIENTS_DIR,
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...PLACEHOLDER_CREDENTIALS,
  };
  return { ...lambdaEnvironment, ...config.environment, ...options.extraEnvironment };
}
