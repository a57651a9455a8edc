import { CfnResource, Validations } from 'aws-cdk-lib';

/** A cdk-nag rule a resource is exempt from, and why. */
export interface NagSuppression {
  /** The rule, e.g. `AwsSolutions-APIG4`, or one finding of it, e.g. `AwsSolutions-IAM5[Resource::...]`. */
  readonly id: string;
  readonly reason: string;
}

/**
 * Marks a resource exempt from cdk-nag rules, the ways both cdk-nag 2 and 3 read, so the library
 * needs no dependency on cdk-nag:
 * - cdk-nag 2: the `cdk_nag` metadata of the CloudFormation resource
 *   (https://github.com/cdklabs/cdk-nag/tree/v2#suppressing-a-rule);
 * - cdk-nag 3: CDK's own `Validations.of(construct).acknowledge(...)`.
 */
export function suppressNagRules(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as NagSuppression[];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...suppressions] });
  for (const suppression of suppressions) {
    Validations.of(resource).acknowledge(suppression);
  }
}
