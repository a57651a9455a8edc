import { RuntimeLaunch } from './runtimes';

/** A deployed function: its configuration as Lambda stores it, with the local folder of its code. */
export interface LambdaFunctionConfig {
  /** The function name (the `Ref` of the `AWS::Lambda::Function`). */
  readonly name: string;
  /** The unqualified function ARN (`Fn::GetAtt [fn, Arn]`), in its stack's account and Region. */
  readonly arn: string;
  /** The Region of its stack (`AWS_REGION`). */
  readonly region: string;
  /** The stack and logical id it was deployed from, for messages. */
  readonly stackName: string;
  readonly logicalId: string;
  /** The Lambda runtime identifier, e.g. `python3.12`. */
  readonly runtime: string;
  /** How its workers start on this machine (runtimes/). */
  readonly launch: RuntimeLaunch;
  /** The handler, e.g. `index.handler`. */
  readonly handler: string;
  /** The local folder holding the function's code (`LAMBDA_TASK_ROOT`). */
  readonly codeDir: string;
  /** Memory in MB (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`); not enforced locally. */
  readonly memorySize: number;
  /** Timeout in seconds. */
  readonly timeout: number;
  /** The template's `Environment.Variables`. */
  readonly environment: Readonly<Record<string, string>>;
  /** The execution role ARN; no credentials are derived from it locally. */
  readonly role?: string;
  /** `x86_64` or `arm64`; locally the function runs on this machine's architecture. */
  readonly architectures: readonly string[];
  /** `LoggingConfig.LogGroup`: where its logs go. @default - `/aws/lambda/<name>` */
  readonly logGroup?: string;
  /** When it was deployed, as Lambda's `LastModified` (`2024-05-01T12:00:00.000+0000`). */
  readonly lastModified?: string;
  /** `Description`. */
  readonly description?: string;
  /** `ReservedConcurrentExecutions`: the most concurrent invocations of this function, when set. */
  readonly reservedConcurrency?: number;
}
