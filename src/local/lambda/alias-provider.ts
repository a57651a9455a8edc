import { FunctionAlias, RegisteredFunction } from './function-registry';
import { lambdaDeployError } from './lambda-errors';
import { provisionedConcurrencyOf, provisionWorkers } from './provisioned-concurrency';
import { ResourcePolicy } from './resource-policy';
import { QualifierProviderContext } from './version-provider';
import { DeployError, ProvisionedResource, ProvisionRequest, ResourceProvider } from '../cloudformation/resource-provider';

// https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html#API_CreateAlias_RequestSyntax
const ALIAS_NAME_PATTERN = '(?!^[0-9]+$)([a-zA-Z0-9-_]+)';

/**
 * Deploys `AWS::Lambda::Alias`: a name for a version, with an optional second version taking a
 * share of invocations (`RoutingConfig`) and provisioned concurrency. Ref = the alias ARN, GetAtt
 * `AliasArn` the same.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-alias.html
 */
export class LambdaAliasProvider implements ResourceProvider {
  constructor(private readonly context: QualifierProviderContext) {}

  async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { logicalId } = request;
    const props = request.properties;
    const target = this.context.registry.deployed(props.FunctionName, logicalId);
    const name = aliasNameOf(props.Name, logicalId);
    const arn = `${target.config.arn}:${name}`;
    if (target.aliases.has(name)) throw lambdaDeployError(logicalId, 'ResourceConflictException', 409, `Alias already exists: ${arn}`);
    if (props.FunctionVersion === undefined) throw new DeployError(`${logicalId}: FunctionVersion is required`);
    const functionVersion = existingVersion(target, String(props.FunctionVersion), logicalId);
    const additionalVersion = routingOf(props.RoutingConfig, target, functionVersion, logicalId);
    const provisioned = provisionedConcurrencyOf(props.ProvisionedConcurrencyConfig, target, functionVersion, logicalId);

    const alias: FunctionAlias = { name, arn, functionVersion, additionalVersion, policy: new ResourcePolicy() };
    target.aliases.set(name, alias);
    if (provisioned !== undefined) await this.provision(target, alias, provisioned);
    return { ref: arn, attributes: { AliasArn: arn } };
  }

  /**
   * Provisioned concurrency on a weighted alias is shared by its versions in proportion to their
   * weights, as Lambda distributes it.
   * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
   */
  private async provision(target: RegisteredFunction, alias: FunctionAlias, count: number): Promise<void> {
    const additional = alias.additionalVersion;
    const additionalCount = additional ? Math.round(count * additional.weight) : 0;
    const shares: Array<[string, number]> = [[alias.functionVersion, count - additionalCount]];
    if (additional && additionalCount > 0) shares.push([additional.version, additionalCount]);
    for (const [version, share] of shares) {
      if (share === 0) continue;
      const config = target.versions.get(version)!.config;
      await provisionWorkers(this.context.provision, config, share, `alias ${alias.name}`, (line) => this.context.log(line));
    }
  }
}

function aliasNameOf(value: unknown, logicalId: string): string {
  if (value === undefined) throw new DeployError(`${logicalId}: Name is required`);
  const name = String(value);
  if (name.length < 1 || name.length > 128 || !new RegExp(`^${ALIAS_NAME_PATTERN}$`).test(name)) {
    throw lambdaDeployError(logicalId, 'ValidationException', 400, `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: `
      + `Member must satisfy regular expression pattern: ${ALIAS_NAME_PATTERN}`);
  }
  return name;
}

/** `$LATEST` or the number of a version published before the alias. */
function existingVersion(target: RegisteredFunction, version: string, logicalId: string): string {
  if (version !== '$LATEST' && !target.versions.has(version)) {
    throw lambdaDeployError(logicalId, 'ResourceNotFoundException', 404, `Function not found: ${target.config.arn}:${version}`);
  }
  return version;
}

/**
 * `RoutingConfig.AdditionalVersionWeights`: at most one other published version, with a weight
 * from 0 to 1 (the primary version gets the rest).
 * https://docs.aws.amazon.com/lambda/latest/api/API_AliasRoutingConfiguration.html
 */
function routingOf(value: unknown, target: RegisteredFunction, primary: string, logicalId: string): FunctionAlias['additionalVersion'] {
  const weights = (value as Record<string, unknown> | undefined)?.AdditionalVersionWeights;
  if (weights === undefined || (Array.isArray(weights) && weights.length === 0)) return undefined;
  if (!Array.isArray(weights) || weights.length > 1) {
    throw new DeployError(`${logicalId}: RoutingConfig.AdditionalVersionWeights must list one version and its weight; got ${JSON.stringify(weights)}`);
  }
  const { FunctionVersion: version, FunctionWeight: weightValue } = weights[0] ?? {};
  const weight = Number(weightValue);
  if (!(weight >= 0 && weight <= 1)) {
    throw new DeployError(`${logicalId}: RoutingConfig.AdditionalVersionWeights[0].FunctionWeight must be a number from 0.0 to 1.0; got ${JSON.stringify(weightValue)}`);
  }
  const additional = existingVersion(target, String(version), logicalId);
  if (primary === '$LATEST' || additional === '$LATEST') {
    throw lambdaDeployError(logicalId, 'InvalidParameterValueException', 400, '$LATEST is not supported for an alias pointing to more than 1 version');
  }
  if (additional === primary) {
    throw new DeployError(`${logicalId}: RoutingConfig.AdditionalVersionWeights[0].FunctionVersion must be another version than FunctionVersion (${primary})`);
  }
  return { version: additional, weight };
}
