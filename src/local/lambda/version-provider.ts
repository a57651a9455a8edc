import { FunctionRegistry } from './function-registry';
import { Provision, provisionedConcurrencyOf, provisionWorkers } from './provisioned-concurrency';
import { ResourcePolicy } from './resource-policy';
import { ProvisionedResource, ProvisionRequest, ResourceProvider } from '../cloudformation/resource-provider';

/** What the version and alias providers need from the Lambda service. */
export interface QualifierProviderContext {
  readonly registry: FunctionRegistry;
  readonly provision: Provision;
  log(line: string): void;
}

/**
 * Deploys `AWS::Lambda::Version`: publishes the next version number of the function, a snapshot of
 * its configuration and code as they are now. Ref = the version ARN; GetAtt `Version` = its number,
 * `FunctionArn` = the version ARN.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html
 */
export class LambdaVersionProvider implements ResourceProvider {
  constructor(private readonly context: QualifierProviderContext) {}

  async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { logicalId } = request;
    const props = request.properties;
    const target = this.context.registry.deployed(props.FunctionName, logicalId);
    const number = String(target.versions.size + 1);
    if (target.versions.size > 0) {
      // Offline a function never changes after it is created, so a second version could never be
      // published on AWS; it is published here so that aliases can route between versions.
      this.context.log(`[${target.config.name}] warning: ${logicalId} publishes version ${number} of an unchanged function; Lambda publishes `
        + `no new version then (CloudFormation: "A version for this Lambda function exists ( ${target.versions.size} ). Modify the function to create a new version.")`);
    }
    const provisioned = provisionedConcurrencyOf(props.ProvisionedConcurrencyConfig, target, number, logicalId);
    // The snapshot: configuration and code folder as they are now (the offline cloud never updates a function in place).
    const config = { ...target.config, version: number };
    const arn = `${target.config.arn}:${number}`;
    target.versions.set(number, { config, arn, policy: new ResourcePolicy() });
    if (provisioned !== undefined) await provisionWorkers(this.context.provision, config, provisioned, `version ${number}`, (line) => this.context.log(line));
    return { ref: arn, attributes: { Version: number, FunctionArn: arn } };
  }
}
