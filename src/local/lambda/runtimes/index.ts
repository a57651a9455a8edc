import { JAVA } from './java';
import { LocalRuntime } from './local-runtime';
import { NODEJS } from './nodejs';
import { PROVIDED } from './provided';
import { PYTHON } from './python';
import { NotSupportedError } from '../../cloudformation/resource-provider';

export * from './local-runtime';

/** Every runtime family the offline cloud runs, in the order messages list them. */
export const LOCAL_RUNTIMES: readonly LocalRuntime[] = [PYTHON, NODEJS, PROVIDED, JAVA];

/**
 * The family that runs a Lambda runtime identifier; `not supported`, naming what runs, for any other.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export function localRuntimeOf(runtime: string, logicalId: string): LocalRuntime {
  const found = LOCAL_RUNTIMES.find((candidate) => candidate.matches(runtime));
  if (found) return found;
  const runs = LOCAL_RUNTIMES.map((candidate) => candidate.identifiers).join(', ');
  throw new NotSupportedError(`runtime ${runtime} (the offline cloud runs ${runs} functions)`, logicalId);
}
