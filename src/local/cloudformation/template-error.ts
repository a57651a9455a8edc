import { DeployError } from './resource-provider';

/**
 * A template problem, located the way every deploy message is: `<file>: <where>: <problem>`,
 * where `where` is the logical id (resource, output, parameter, condition) being processed.
 */
export function templateError(templateFile: string, where: string | undefined, problem: string): DeployError {
  return new DeployError(where ? `${templateFile}: ${where}: ${problem}` : `${templateFile}: ${problem}`);
}
