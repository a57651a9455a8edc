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
 * A suppression with `appliesTo` covers only those findings of the rule, in both.
 */
export function suppressNagRules(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as NagSuppression[];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...suppressions] });
  for (const { id, appliesTo, reason } of suppressions) {
    if (!appliesTo) {
      Validations.of(resource).acknowledge({ id, reason });
      continue;
    }
    // cdk-nag 3 names a finding of a granular rule `<rule>[<finding>]`. CDK's acknowledge() refuses
    // ids with more than one `::`, which findings such as `Policy::arn:<AWS::Partition>:...` hold,
    // so the finding goes into the same metadata acknowledge() writes and cdk-nag 3 reads.
    for (const finding of appliesTo) {
      recordAcknowledgment(resource, `${id}[${finding}]`, reason);
    }
  }
}

/** What `Validations.acknowledge()` records: the construct's latest map of acknowledged ids, plus this one. */
function recordAcknowledgment(resource: CfnResource, id: string, reason: string): void {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const latest = resource.node.metadata.filter((entry) => entry.type === key).pop();
  resource.node.addMetadata(key, { ...latest?.data, [id]: reason });
}
