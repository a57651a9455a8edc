import { genericPlaceholder, PLACEHOLDER_TYPES, PlaceholderContext, PlaceholderType, stackLogicalRandom } from './placeholder-types';
import { randomSuffix } from '../cloudformation/physical-name';
import { NotSupportedError, ProvisionedResource, ProvisionRequest, ResourceProvider, ResourceToValidate } from '../cloudformation/resource-provider';

/**
 * The provider of every resource type the offline cloud does not emulate (the provider
 * registry's fallback): the resource is a placeholder whose `Ref` and `Fn::GetAtt` give values in
 * AWS's format for its type (`placeholder-types.ts`), and nothing answers behind them. One
 * warning per type says so, and how functions can reach a real or local service instead. A
 * resource missing a property CloudFormation requires still fails the deploy.
 */

/** A placeholder created: where, and of what type. */
export interface PlaceholderRecord {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html: service-provider::service-name::data-type-name
const RESOURCE_TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

/** Generated names of types without a rule of their own. */
const generatedName = stackLogicalRandom(255);

export class PlaceholderProvider {
  /** Every placeholder created, in creation order. */
  public readonly created: PlaceholderRecord[] = [];
  /** The provider for `ProviderRegistry.fallback`. */
  public readonly provider: ResourceProvider = {
    validate: (resource) => this.validate(resource),
    create: (request) => this.create(request),
  };
  private readonly warnedTypes = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  /** The placeholders created since the `since`-th one (`created.length` before a deploy). */
  public createdSince(since: number): PlaceholderRecord[] {
    return this.created.slice(since);
  }

  private validate(resource: ResourceToValidate): void {
    if (!RESOURCE_TYPE.test(resource.type)) {
      throw new NotSupportedError(`resource type ${JSON.stringify(resource.type)}`, resource.logicalId,
        'a resource type is <provider>::<service>::<resource>, e.g. AWS::SQS::Queue');
    }
    const missing = (rowOf(resource.type).required ?? []).filter((name) => resource.properties[name] === undefined);
    if (missing.length > 0) {
      // CloudFormation: "Properties validation failed for resource X with message: #: required key [TopicArn] not found"
      throw new Error(`required propert${missing.length === 1 ? 'y' : 'ies'} ${missing.join(', ')} missing `
        + `(${resource.type} requires ${rowOf(resource.type).required!.join(', ')}; ${rowOf(resource.type).doc})`);
    }
  }

  private async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const row = rowOf(request.type);
    const { partition, region, accountId, urlSuffix } = request.environment;
    const chosen = row.name?.property !== undefined ? request.properties[row.name.property] : undefined;
    const name = typeof chosen === 'string' && chosen !== ''
      ? chosen
      : (row.name?.generate ?? generatedName)(request.stackName, request.logicalId, request.properties);
    const context: PlaceholderContext = { name, partition, region, accountId, urlSuffix, properties: request.properties, random6: randomSuffix(6) };
    const attributes: Record<string, string> = {};
    for (const [attribute, formula] of Object.entries(row.attributes ?? {})) {
      const value = formula(context);
      if (value !== undefined) attributes[attribute] = value;
    }
    this.created.push({ stackName: request.stackName, logicalId: request.logicalId, type: request.type });
    this.warnOnce(request.type, `${request.stackName}/${request.logicalId}`, row);
    const known = Object.keys(attributes);
    return {
      ref: row.ref(context),
      attributes,
      attributeHint: PLACEHOLDER_TYPES[request.type]
        ? `${request.type} is a placeholder offline; it gives ${known.length ? known.join(', ') : 'no attribute, only Ref'}`
        : `${request.type} is not emulated: its placeholder gives only Ref (a generated physical id), no attribute`,
    };
  }

  /** One line per type, at its first placeholder. */
  private warnOnce(type: string, where: string, row: PlaceholderType): void {
    if (this.warnedTypes.has(type)) return;
    this.warnedTypes.add(type);
    // Lambda is the offline cloud's own service: its SDK calls go to the local Invoke API, never elsewhere.
    const reach = row.service === 'lambda'
      ? 'Invocations through it are not emulated: invoke the function itself'
      : `Functions reach a local engine you run with --service-endpoint ${row.service}=<url>, or real AWS with your credentials `
        + '(--pass-env AWS_ACCESS_KEY_ID --pass-env AWS_SECRET_ACCESS_KEY --pass-env AWS_SESSION_TOKEN) and a resource that exists there';
    this.log(`warning: ${type} is not emulated: ${where} and any other ${type} are placeholders `
      + `(Ref and Fn::GetAtt give names and ARNs in AWS's format; nothing answers at them). ${reach}`);
  }
}

function rowOf(type: string): PlaceholderType {
  return PLACEHOLDER_TYPES[type] ?? genericPlaceholder(type);
}
