import { DeployError, ProvisionRequest, ProvisionedResource, ResourceProvider } from '../cloudformation/resource-provider';

/**
 * `AWS::Logs::LogGroup`: log lines of the offline cloud go to its console, so a log group is
 * only a name and an ARN. Ref = name; GetAtt Arn ends in `:*` as on AWS.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
 */
export class LogGroupProvider implements ResourceProvider {
  private readonly names = new Set<string>();

  public async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { partition, region, accountId } = request.environment;
    const name: string = request.properties.LogGroupName ?? `${request.stackName}-${request.logicalId}`;
    if (this.names.has(name)) {
      throw new DeployError(`Resource of type 'AWS::Logs::LogGroup' with identifier '${name}' already exists.`);
    }
    this.names.add(name);
    return { ref: name, attributes: { Arn: `arn:${partition}:logs:${region}:${accountId}:log-group:${name}:*` } };
  }
}
