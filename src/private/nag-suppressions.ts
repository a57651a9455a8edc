import { CfnResource, Validations } from 'aws-cdk-lib';

/** A cdk-nag rule a resource is exempt from, and why. */
export interface NagSuppression {
  /** The rule, e.g. `AwsSolutions-APIG4`, or one finding of it, e.g. `AwsSolutions-IAM5[Resource::...]`. */
  readonly id: string;
  /** The findings of a granular rule it covers (e.g. `Resource::*` of `AwsSolutions-IAM5`); all of them when absent. */
  readonly appliesTo?: string[];
  readonly reason: string;
}

/**
 * Marks a resource exempt from cdk-nag rules, the ways both cdk-nag 2 and 3 read, so the library
 * needs no dependency on cdk-nag:
 * - cdk-nag 2: the `cdk_nag` metadata of the CloudFormation resource
 *   (https://github.com/cdklabs/cdk-nag/tree/v2#suppressing-a-rule);
 * - cdk-nag 3: CDK's own `Validations.of(construct).acknowledge(...)`.
 *
 * A suppression with `appliesTo` covers only those findings in cdk-nag 2, and the rule on this
 * resource in cdk-nag 3 when a finding holds `::`.
 */
export function suppressNagRules(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as NagSuppression[];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...suppressions] });
  for (const { id, appliesTo, reason } of suppressions) {
    // cdk-nag 3 names a finding of a granular rule `<rule>[<finding>]`, but CDK refuses `::` in an
    // id, which findings such as `Resource::*` hold: those acknowledge the rule, on this resource only.
    const findings = appliesTo?.map((applies) => `${id}[${applies}]`) ?? [id];
    for (const finding of new Set(findings.map((finding) => finding.includes('::') ? id : finding))) {
      Validations.of(resource).acknowledge({ id: finding, reason });
    }
  }
}
