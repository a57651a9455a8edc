import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random letters and digits, like the suffix CloudFormation adds to generated names. */
export function randomSuffix(length = 12): string {
  let suffix = '';
  for (let i = 0; i < length; i++) suffix += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return suffix;
}

/**
 * The name CloudFormation generates for a resource with no name property:
 * `<stack>-<logicalId>-<random>`. When that is longer than the type allows, the stack name and
 * the logical id are shortened, never the random part, so two resources of one stack never get
 * the same name (integ-tests-alpha's DeployAssert stacks have 50-character names and several
 * `SingletonFunction...` functions).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
 */
export function generatedName(stackName: string, logicalId: string, maxLength: number): string {
  const suffix = `-${randomSuffix()}`;
  const room = maxLength - suffix.length - 1;
  if (stackName.length + logicalId.length <= room) return `${stackName}-${logicalId}${suffix}`;
  // Each part keeps at least half the room, the shorter one all of itself.
  const stackPart = stackName.slice(0, Math.max(room - logicalId.length, Math.ceil(room / 2)));
  const logicalPart = logicalId.slice(0, room - stackPart.length);
  return `${stackPart}-${logicalPart}${suffix}`;
}
