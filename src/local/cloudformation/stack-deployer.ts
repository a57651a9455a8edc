import { checkOutputReferences, deploymentOrder } from './dependency-order';
import { withAssetPaths } from './deploy-environment';
import { findUnsupportedIntrinsic, IntrinsicResolver, ReferenceProblem, Resolved, ResourceReferences } from './intrinsics';
import { resolveParameters } from './parameters';
import { ProviderRegistry } from './provider-registry';
import { NO_VALUE, pseudoParameters } from './pseudo-parameters';
import { DeployEnvironment, DeployError, NotSupportedError, ProvisionedResource } from './resource-provider';
import { isTemplateObject, Template, TemplateValue } from './template';
import { templateError } from './template-error';

/**
 * Deploys one stack the way CloudFormation creates it: validate the whole template first
 * (parameters, functions, references, resource types, export names), then create each resource
 * after the ones it depends on, then resolve the outputs and publish the exports.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html

/** CDK's analytics resource: accepted and created as a no-op by the deployer itself. */
// https://docs.aws.amazon.com/cdk/v2/guide/usage-data.html
export const CDK_METADATA_TYPE = 'AWS::CDK::Metadata';

/** A stack to deploy: what `readCloudAssembly` and `readTemplateSource` return fits. */
export interface StackToDeploy {
  readonly stackName: string;
  readonly template: Template;
  /** The template's path, named in every error. */
  readonly templateFile: string;
  /** Parameter values by name (`--param Key=Value`); the others take their defaults. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** This stack's assets by S3 object key, looked up before the environment's own. */
  readonly assetPaths?: ReadonlyMap<string, string>;
}

export interface DeployStackOptions {
  readonly environment: DeployEnvironment;
  readonly providers: ProviderRegistry;
  /**
   * Exported values by export name, shared by the stacks of one environment: read by
   * `Fn::ImportValue`, and this stack's exports are added to it once the stack is deployed.
   */
  readonly exports: Map<string, string>;
  /**
   * Called once the whole template is valid, before the first resource is created: a template
   * that fails validation starts nothing.
   */
  readonly beforeCreate?: () => Promise<void>;
  /** Called after each resource is created (what may have changed a permission). */
  readonly afterCreate?: () => void;
}

/** A created resource: its type and what the template can read of it. */
export interface DeployedResource extends ProvisionedResource {
  readonly type: string;
}

export interface DeployedStack {
  readonly stackName: string;
  /** Resolved output values by output logical id; outputs whose condition is false are left out. */
  readonly outputs: Record<string, string>;
  /** The values this stack exported, by export name. */
  readonly exports: Record<string, string>;
  /** The created resources by logical id, in creation order; resources whose condition is false are left out. */
  readonly resources: Map<string, DeployedResource>;
}

/** A part of the template and the logical id it belongs to. */
type LocatedValue = [logicalId: string, value: TemplateValue | undefined];

/** The stack that added each export name, per shared exports map (to name it in duplicate errors). */
const exportingStacks = new WeakMap<Map<string, string>, Map<string, string>>();

/** Deploys `stack`; throws `DeployError` (or `NotSupportedError`) naming the file and logical id on failure. */
export async function deployStack(stack: StackToDeploy, options: DeployStackOptions): Promise<DeployedStack> {
  const { stackName, template, templateFile } = stack;
  const environment = withAssetPaths(options.environment, stack.assetPaths ?? new Map<string, string>());

  // 1. Validate the whole template before creating anything, as CloudFormation does.
  if (template.Transform !== undefined) {
    throw new NotSupportedError(`Transform ${JSON.stringify(template.Transform)}`, 'Transform');
  }
  const parameters = resolveParameters(template, stack.parameters, templateFile);
  checkFunctionsAreSupported(template);
  const order = deploymentOrder(template, templateFile);
  checkOutputReferences(template, templateFile);

  const created = new Map<string, DeployedResource>();
  const skippedBy = new Map<string, string>();
  const resolver = new IntrinsicResolver({
    templateFile,
    pseudoParameters: pseudoParameters(environment, stackName),
    parameters,
    mappings: template.Mappings,
    conditions: template.Conditions,
    exports: options.exports,
    resources: createdResources(template, created, skippedBy),
  });

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
  const toCreate = order.filter((logicalId) => {
    const condition = template.Resources[logicalId].Condition;
    if (condition === undefined || resolver.isConditionTrue(condition, logicalId)) return true;
    skippedBy.set(logicalId, condition);
    return false;
  });
  checkResources(template, toCreate, options.providers, templateFile);
  const outputIds = Object.keys(template.Outputs ?? {}).filter((outputId) => {
    const condition = template.Outputs![outputId].Condition;
    return condition === undefined || resolver.isConditionTrue(condition, outputId);
  });
  const exportNames = resolveExportNames(template, outputIds, resolver, options.exports, templateFile);
  checkImportsExist(template, toCreate, outputIds, resolver, options.exports, templateFile);

  // 2. Create the resources, each once the ones it refers to exist.
  await options.beforeCreate?.();
  for (const logicalId of toCreate) {
    const resource = template.Resources[logicalId];
    const properties = resolver.resolveObject(resource.Properties, logicalId);
    if (resource.Type === CDK_METADATA_TYPE) {
      created.set(logicalId, { type: resource.Type, ref: logicalId, attributes: {} });
      continue;
    }
    const provider = options.providers.get(resource.Type)!;
    let provisioned: ProvisionedResource;
    try {
      provisioned = await provider.create({ stackName, logicalId, type: resource.Type, properties, environment, templateFile });
    } catch (error) {
      if (error instanceof NotSupportedError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new DeployError(`${templateFile}: ${logicalId} (${resource.Type}): ${message}`);
    }
    const { ref, attributes, attributeHint } = provisioned;
    created.set(logicalId, { type: resource.Type, ref, attributes, attributeHint });
    options.afterCreate?.();
  }

  // 3. Outputs, then exports.
  const outputs: Record<string, string> = {};
  for (const outputId of outputIds) {
    outputs[outputId] = outputString(resolver.resolve(template.Outputs![outputId].Value, outputId), outputId, templateFile);
  }
  // Named `published`, not `exports`: that would shadow the CommonJS `exports` object of this module.
  const published: Record<string, string> = {};
  for (const [outputId, exportName] of exportNames) {
    checkExportIsFree(exportName, options.exports, templateFile, outputId);
    published[exportName] = outputs[outputId];
  }
  const owners = exportingStacks.get(options.exports) ?? new Map<string, string>();
  exportingStacks.set(options.exports, owners);
  for (const [exportName, value] of Object.entries(published)) {
    options.exports.set(exportName, value);
    owners.set(exportName, stackName);
  }
  return { stackName, outputs, exports: published, resources: created };
}

/**
 * Tears a deployed stack down as CloudFormation deletes one: each resource after every resource
 * that depends on it, i.e. in the reverse order of creation (a nested stack's own resources are
 * deleted by its provider, at its place in that order). Resources whose provider has no
 * `delete` live until the offline cloud stops. Every resource is attempted; the first error is
 * thrown at the end.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-delete-stack.html
export async function teardownStack(stack: DeployedStack, providers: ProviderRegistry): Promise<void> {
  let firstError: unknown;
  for (const [logicalId, resource] of [...stack.resources].reverse()) {
    const provider = resource.type === CDK_METADATA_TYPE ? undefined : providers.get(resource.type);
    try {
      await provider?.delete?.({ stackName: stack.stackName, logicalId, type: resource.type, ref: resource.ref });
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
}

/** `Ref` and `Fn::GetAtt` of the resources created so far. */
function createdResources(template: Template, created: Map<string, DeployedResource>, skippedBy: Map<string, string>): ResourceReferences {
  const get = (logicalId: string): DeployedResource => {
    const resource = created.get(logicalId);
    if (resource) return resource;
    const condition = skippedBy.get(logicalId);
    if (condition !== undefined) {
      throw new ReferenceProblem(`${logicalId} is not created: its condition ${condition} is false`);
    }
    throw new ReferenceProblem(`${logicalId} is not created yet`);
  };
  return {
    has: (logicalId) => Object.hasOwn(template.Resources, logicalId),
    ref: (logicalId) => get(logicalId).ref,
    attribute: (logicalId, attribute) => {
      const resource = get(logicalId);
      const value = resource.attributes[attribute];
      if (value === undefined) {
        // CloudFormation: "Template error: resource X does not support attribute type Y in Fn::GetAtt"
        const hint = resource.attributeHint ? ` (${resource.attributeHint})` : '';
        throw new ReferenceProblem(`resource ${logicalId} (${resource.type}) does not support attribute type ${attribute} in Fn::GetAtt${hint}`);
      }
      return value;
    },
  };
}

/**
 * Every resource to create has a provider, and passes its provider's own checks (required
 * properties), before anything is created.
 */
function checkResources(template: Template, toCreate: readonly string[], providers: ProviderRegistry, templateFile: string): void {
  for (const logicalId of toCreate) {
    const { Type: type, Properties: properties } = template.Resources[logicalId];
    if (type === CDK_METADATA_TYPE) continue;
    const provider = providers.get(type);
    if (!provider) throw new NotSupportedError(type, logicalId, providers.unsupportedHint());
    try {
      provider.validate?.({ logicalId, type, properties: properties ?? {} });
    } catch (error) {
      if (error instanceof NotSupportedError) throw error;
      throw templateError(templateFile, logicalId, `${type}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Every `Fn::` key of the resources, outputs and conditions must be one the engine resolves. */
function checkFunctionsAreSupported(template: Template): void {
  const parts: LocatedValue[] = [
    ...Object.entries(template.Resources).map(([id, resource]): LocatedValue => [id, resource.Properties]),
    ...Object.entries(template.Outputs ?? {}).map(([id, output]): LocatedValue => [id, [output.Value, output.Export?.Name ?? null]]),
    ...Object.entries(template.Conditions ?? {}),
  ];
  for (const [logicalId, value] of parts) {
    const unsupported = findUnsupportedIntrinsic(value);
    if (unsupported) throw new NotSupportedError(unsupported, logicalId);
  }
}

/**
 * The export name of each output that has one, resolved before any resource exists: an export
 * name may not depend on a resource, and must be unique in the account and region.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html
function resolveExportNames(
  template: Template,
  outputIds: string[],
  resolver: IntrinsicResolver,
  exports: Map<string, string>,
  templateFile: string,
): Map<string, string> {
  const names = new Map<string, string>();
  const outputIdByName = new Map<string, string>();
  for (const outputId of outputIds) {
    const exportSpec = template.Outputs![outputId].Export;
    if (exportSpec === undefined) continue;
    const name = resolver.resolveWithoutResources(exportSpec.Name, outputId);
    if (typeof name !== 'string' || name === '') {
      throw templateError(templateFile, outputId, 'Export.Name must resolve to a non-empty string');
    }
    const sameName = outputIdByName.get(name);
    if (sameName !== undefined) {
      throw templateError(templateFile, outputId, `Export with name ${name} is also exported by output ${sameName}`);
    }
    checkExportIsFree(name, exports, templateFile, outputId);
    outputIdByName.set(name, outputId);
    names.set(outputId, name);
  }
  return names;
}

/**
 * Every `Fn::ImportValue` must name an existing export. Its name may not depend on a resource,
 * so it is known before anything is created.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
function checkImportsExist(
  template: Template,
  resourceIds: string[],
  outputIds: string[],
  resolver: IntrinsicResolver,
  exports: Map<string, string>,
  templateFile: string,
): void {
  const parts: LocatedValue[] = [
    ...resourceIds.map((id): LocatedValue => [id, template.Resources[id].Properties]),
    ...outputIds.map((id): LocatedValue => [id, template.Outputs![id].Value]),
  ];
  for (const [logicalId, value] of parts) {
    for (const argument of importValueArguments(value)) {
      const name = resolver.resolveWithoutResources(argument, logicalId);
      if (typeof name === 'string' && !exports.has(name)) {
        throw templateError(templateFile, logicalId, `No export named ${name} found`);
      }
    }
  }
}

function importValueArguments(value: TemplateValue | undefined): TemplateValue[] {
  if (Array.isArray(value)) return value.flatMap(importValueArguments);
  if (!isTemplateObject(value)) return [];
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Fn::ImportValue') return [value['Fn::ImportValue']];
  return keys.flatMap((key) => importValueArguments(value[key]));
}

function checkExportIsFree(name: string, exports: Map<string, string>, templateFile: string, outputId: string): void {
  if (!exports.has(name)) return;
  const owner = exportingStacks.get(exports)?.get(name);
  throw templateError(templateFile, outputId, `Export with name ${name} is already exported by ${owner ? `stack ${owner}` : 'another stack'}`);
}

/** Output values are strings; CloudFormation refuses lists and objects, so does the deployer. */
function outputString(value: Resolved, outputId: string, templateFile: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const what = value === NO_VALUE ? 'AWS::NoValue' : Array.isArray(value) ? 'a list' : 'an object';
  throw templateError(templateFile, outputId, `the Value of an output must resolve to a string, not ${what} (use Fn::Join to output a list)`);
}
