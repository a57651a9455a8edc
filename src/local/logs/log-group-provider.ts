import { LogStore } from './log-store';
import { DeployError, ProvisionRequest, ProvisionedResource, ResourceProvider } from '../cloudformation/resource-provider';

/**
 * `AWS::Logs::LogGroup`: a group of the offline cloud's log store (log-store.ts), where function
 * output and access log lines are kept for the Logs API. Ref = name; GetAtt Arn ends in `:*` as on AWS.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html
 */
export class LogGroupProvider implements ResourceProvider {
  constructor(private readonly store: LogStore) {}

  public async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { partition, region, accountId } = request.environment;
    const name: string = request.properties.LogGroupName ?? `${request.stackName}-${request.logicalId}`;
    const retention = request.properties.RetentionInDays;
    if (!this.store.createGroup(name, request.environment, retention === undefined ? undefined : Number(retention))) {
      throw new DeployError(`Resource of type 'AWS::Logs::LogGroup' with identifier '${name}' already exists.`);
    }
    return { ref: name, attributes: { Arn: `arn:${partition}:logs:${region}:${accountId}:log-group:${name}:*` } };
  }
}
