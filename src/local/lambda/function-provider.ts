import * as path from 'node:path';
import { prepareFunctionCode } from './function-code';
import { LambdaFunctionConfig } from './function-config';
import { FunctionRegistry } from './function-registry';
import { lambdaDeployError } from './lambda-errors';
import { localRuntimeOf, RuntimeHost } from './runtimes';
import { RESERVED_ENVIRONMENT_KEYS } from '../../aws-limits';
import { generatedName } from '../cloudformation/physical-name';
import {
  DeployError, NotSupportedError, ProvisionedResource, ProvisionRequest, ResourceProvider,
} from '../cloudformation/resource-provider';

/** What the function provider needs from the Lambda service. */
export interface FunctionProviderContext {
  readonly registry: FunctionRegistry;
  readonly runtimeHost: RuntimeHost;
  /** A folder of this offline cloud's temporary files, created on first use. */
  tempDir(): string;
  log(line: string): void;
}

/**
 * Deploys `AWS::Lambda::Function`: validates its properties as Lambda does, puts its code in a
 * local folder and registers it. Ref = function name, GetAtt Arn = function ARN.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
 */
export class LambdaFunctionProvider implements ResourceProvider {
  constructor(private readonly context: FunctionProviderContext) {}

  async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { logicalId, stackName } = request;
    const props = request.properties;
    const { registry } = this.context;

    const name = props.FunctionName !== undefined ? String(props.FunctionName) : generatedName(stackName, logicalId, 64);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new DeployError(`${logicalId}: FunctionName "${name}" must be 1 to 64 letters, digits, hyphens (-) or underscores (_)`);
    }
    if (props.PackageType === 'Image') throw new NotSupportedError('PackageType Image (container image functions)', logicalId);
    if (props.Runtime === undefined) throw new DeployError(`${logicalId}: Runtime is required for functions packaged as .zip or inline code`);
    if (props.Handler === undefined) throw new DeployError(`${logicalId}: Handler is required for functions packaged as .zip or inline code`);
    const runtime = String(props.Runtime);
    const localRuntime = localRuntimeOf(runtime, logicalId);

    const memorySize = integerInRange(props.MemorySize, 128, 128, 10_240, 'memorySize', logicalId);
    const timeout = integerInRange(props.Timeout, 3, 1, 900, 'timeout', logicalId);
    const environment = environmentVariables(props.Environment?.Variables, logicalId);
    const architectures = architecturesOf(props.Architectures, logicalId);
    const reservedConcurrency = props.ReservedConcurrentExecutions === undefined
      ? undefined
      : integerInRange(props.ReservedConcurrentExecutions, 0, 0, 1_000_000, 'reservedConcurrentExecutions', logicalId);
    if (Array.isArray(props.Layers) && props.Layers.length > 0) {
      this.context.log(`[${name}] warning: ${logicalId} has ${props.Layers.length} layer(s); the offline cloud does not mount layers (/opt is empty)`);
    }

    if (registry.has(name)) {
      throw lambdaDeployError(logicalId, 'ResourceConflictException', 409, `Function already exist: ${name}`);
    }
    const handler = String(props.Handler);
    const codeDir = prepareFunctionCode(request, localRuntime, () => path.join(this.context.tempDir(), 'functions', name));
    const launch = await localRuntime.launch(
      { runtime, handler, codeDir, architecture: architectures[0] as 'x86_64' | 'arm64', memorySize, functionName: name, logicalId, environment }, this.context.runtimeHost);
    const config: LambdaFunctionConfig = {
      name,
      arn: registry.arnOf(name, undefined, request.environment),
      region: request.environment.region,
      stackName,
      logicalId,
      runtime,
      launch,
      handler,
      codeDir,
      memorySize,
      timeout,
      environment,
      role: props.Role !== undefined ? String(props.Role) : undefined,
      architectures,
      logGroup: props.LoggingConfig?.LogGroup !== undefined ? String(props.LoggingConfig.LogGroup) : undefined,
      lastModified: new Date().toISOString().replace('Z', '+0000'),
      description: props.Description !== undefined ? String(props.Description) : undefined,
      reservedConcurrency,
    };
    registry.add(config);
    return { ref: config.name, attributes: { Arn: config.arn } };
  }
}

/** A whole number in Lambda's range for the parameter, or its default when absent. */
function integerInRange(value: unknown, defaultValue: number, min: number, max: number, parameter: string, logicalId: string): number {
  if (value === undefined) return defaultValue;
  const number = Number(value);
  if (!Number.isInteger(number)) {
    throw new DeployError(`${logicalId}: ${parameter} must be a whole number; got ${JSON.stringify(value)}`);
  }
  // https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_RequestSyntax
  if (number < min) throw lambdaDeployError(logicalId, 'ValidationException', 400, `1 validation error detected: Value '${number}' at '${parameter}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (number > max) throw lambdaDeployError(logicalId, 'ValidationException', 400, `1 validation error detected: Value '${number}' at '${parameter}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return number;
}

// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
function environmentVariables(variables: unknown, logicalId: string): Record<string, string> {
  if (variables === undefined || variables === null) return {};
  if (typeof variables !== 'object' || Array.isArray(variables)) {
    throw new DeployError(`${logicalId}: Environment.Variables must be a map of names to strings; got ${JSON.stringify(variables)}`);
  }
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) result[key] = String(value);
  const reserved = Object.keys(result).filter((key) => RESERVED_ENVIRONMENT_KEYS.has(key));
  if (reserved.length > 0) {
    throw lambdaDeployError(logicalId, 'InvalidParameterValueException', 400, 'Lambda was unable to configure your environment variables because the environment variables '
      + `you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`);
  }
  const measured = JSON.stringify(result);
  if (Buffer.byteLength(measured) > 4096) {
    throw lambdaDeployError(logicalId, 'InvalidParameterValueException', 400, 'Lambda was unable to configure your environment variables because the environment variables '
      + `you have provided exceeded the 4KB limit. String measured: ${measured}`);
  }
  return result;
}

function architecturesOf(value: unknown, logicalId: string): string[] {
  if (value === undefined) return ['x86_64'];
  const list = Array.isArray(value) ? value.map(String) : [String(value)];
  if (list.length !== 1 || !['x86_64', 'arm64'].includes(list[0])) {
    throw new DeployError(`${logicalId}: Architectures must be ["x86_64"] or ["arm64"]; got ${JSON.stringify(value)}`);
  }
  return list;
}
