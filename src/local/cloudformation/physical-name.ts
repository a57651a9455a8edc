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
 * `<stack>-<logicalId>-<random>`, cut to the resource type's maximum length.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
 */
export function generatedName(stackName: string, logicalId: string, maxLength: number): string {
  return `${stackName}-${logicalId}-${randomSuffix()}`.slice(0, maxLength);
}
