import { LambdaFunctionConfig } from './function-config';
import { RegisteredFunction } from './function-registry';
import { lambdaDeployError } from './lambda-errors';
import { DeployError } from '../cloudformation/resource-provider';

/**
 * Starts up to `count` initialized workers of a version ahead of traffic, within the host's worker
 * limit; resolves with how many it started.
 */
export type Provision = (config: LambdaFunctionConfig, count: number) => Promise<number>;

/**
 * `ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions` of a version or alias, checked as
 * Lambda checks it: a published version only, and no more than the function's reserved concurrency.
 * https://docs.aws.amazon.com/lambda/latest/api/API_PutProvisionedConcurrencyConfig.html
 */
export function provisionedConcurrencyOf(value: unknown, target: RegisteredFunction, version: string, logicalId: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const executions = (value as Record<string, unknown>).ProvisionedConcurrentExecutions;
  const count = Number(executions);
  if (!Number.isInteger(count) || count < 1) {
    throw new DeployError(`${logicalId}: ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions must be a whole number of at least 1; got ${JSON.stringify(executions)}`);
  }
  if (version === '$LATEST') {
    throw lambdaDeployError(logicalId, 'InvalidParameterValueException', 400, 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.');
  }
  const reserved = target.config.reservedConcurrency;
  if (reserved !== undefined && count > reserved) {
    throw lambdaDeployError(logicalId, 'InvalidParameterValueException', 400,
      `Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function (${count} > ${reserved}).`);
  }
  return count;
}

/** Starts the workers and says in the log how many, and why fewer when the host's limit holds them back. */
export async function provisionWorkers(
  provision: Provision, config: LambdaFunctionConfig, count: number, what: string, log: (line: string) => void,
): Promise<void> {
  const started = await provision(config, count);
  const short = started < count ? ` (the host's worker limit, --workers, leaves room for ${started}; the rest start on demand)` : '';
  log(`[${config.name}] provisioned concurrency ${count} on ${what}: ${started} worker(s) of version ${config.version} started${short}`);
}
