import { existsSync } from 'fs';
import { dirname, isAbsolute, resolve } from 'path';
import { randomSuffix } from './physical-name';
import { ProviderRegistry } from './provider-registry';
import { stackId } from './pseudo-parameters';
import {
  DeployEnvironment, ProvisionedResource, ProvisionRequest, ResourceProvider, ResourceToDelete, ResourceToValidate,
} from './resource-provider';
import { DeployedStack, deployStack, teardownStack } from './stack-deployer';
import { isTemplateObject, Template } from './template';
import { loadTemplate } from './template-loader';

/**
 * `AWS::CloudFormation::Stack`: a nested stack, as CDK's `NestedStack` writes it. Its template is
 * read from the cloud assembly's assets (CDK uploads it as a file asset and writes `TemplateURL`
 * as that object's S3 URL; the asset manifest maps the object key to the local file, as it maps
 * a Lambda function's `S3Key` to its `asset.<hash>` folder), then deployed as a stack of its own
 * with the resource's `Parameters`, into the parent's environment, exports and assets. Ref = the
 * nested stack's ARN; `Fn::GetAtt <Resource>.Outputs.<Name>` = its outputs.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stack.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html

export const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

export interface NestedStackProviderOptions {
  /** The providers nested resources are created with (this one included, for deeper levels). */
  readonly providers: ProviderRegistry;
  /** The exports of the account and Region of `environment` (shared with the parent). */
  readonly exportsOf: (environment: DeployEnvironment) => Map<string, string>;
  /** Called after each nested resource is created (see `DeployStackOptions.afterCreate`). */
  readonly afterCreate?: () => void;
}

/** CloudFormation stack names are at most 128 characters. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
const MAX_STACK_NAME = 128;

/** A nested stack deployed: its template, and what was created. */
export interface DeployedNestedStack {
  readonly stackName: string;
  readonly templateFile: string;
  readonly template: Template;
  readonly deployed: DeployedStack;
}

export class NestedStackProvider implements ResourceProvider {
  /** Every nested stack deployed and not torn down, in creation order (the deepest of a chain first). */
  public readonly stacks: DeployedNestedStack[] = [];
  /** The nested stacks deployed, by stack ARN (the resource's Ref), for teardown. */
  private readonly deployed = new Map<string, DeployedStack>();
  /** The templates being deployed right now: a template that nests itself would never end. */
  private readonly inProgress = new Set<string>();

  constructor(private readonly options: NestedStackProviderOptions) {}

  public validate(resource: ResourceToValidate): void {
    const { TemplateURL: templateUrl, Parameters: parameters } = resource.properties;
    if (templateUrl === undefined) {
      throw new Error('TemplateURL is required: the URL of the nested stack\'s template');
    }
    if (parameters !== undefined && !isTemplateObject(parameters)) {
      throw new Error('Parameters must be an object of parameter names to values');
    }
  }

  public async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const templateFile = this.templateFile(request);
    if (this.inProgress.has(templateFile)) {
      throw new Error(`the nested template ${templateFile} nests itself`);
    }
    const stackName = nestedStackName(request.stackName, request.logicalId);
    this.inProgress.add(templateFile);
    const template = loadTemplate(templateFile);
    let deployed: DeployedStack;
    try {
      deployed = await deployStack(
        { stackName, template, templateFile, parameters: parameterValues(request.properties.Parameters) },
        {
          // The parent's environment, assets included: a nested stack's function code and its own
          // nested templates are assets of the top-level stack's manifest.
          environment: request.environment,
          providers: this.options.providers,
          exports: this.options.exportsOf(request.environment),
          afterCreate: this.options.afterCreate,
        },
      );
    } finally {
      this.inProgress.delete(templateFile);
    }
    const ref = stackId(request.environment, stackName);
    this.deployed.set(ref, deployed);
    this.stacks.push({ stackName, templateFile, template, deployed });
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(deployed.outputs)) attributes[`Outputs.${name}`] = value;
    const outputNames = Object.keys(deployed.outputs);
    return {
      ref,
      attributes,
      attributeHint: `a nested stack gives Outputs.<Name> for each output of its template: ${outputNames.length ? outputNames.join(', ') : 'it has none'}`,
    };
  }

  /** Tears the nested stack down: its resources, in the reverse order of their creation. */
  public async delete(resource: ResourceToDelete): Promise<void> {
    const deployed = this.deployed.get(resource.ref);
    if (!deployed) return;
    this.deployed.delete(resource.ref);
    const index = this.stacks.findIndex((stack) => stack.deployed === deployed);
    if (index >= 0) this.stacks.splice(index, 1);
    await teardownStack(deployed, this.options.providers);
  }

  /**
   * The local file of the nested template: the asset whose S3 object key the URL names
   * (path-style `https://s3.<region>.amazonaws.com/<bucket>/<key>` as CDK writes it, or
   * virtual-hosted `https://<bucket>.s3...amazonaws.com/<key>`), or, for a hand-written
   * template, a path relative to the parent template's folder.
   */
  private templateFile(request: ProvisionRequest): string {
    const templateUrl = request.properties.TemplateURL;
    if (typeof templateUrl !== 'string' || templateUrl === '') {
      throw new Error('TemplateURL must resolve to a non-empty string');
    }
    const url = parseUrl(templateUrl);
    if (url) {
      const segments = url.pathname.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
      // The whole path (virtual-hosted), or the path after the bucket (path-style).
      const candidates = [segments.join('/'), segments.slice(1).join('/')].filter((key) => key !== '');
      for (const objectKey of candidates) {
        const file = request.environment.assetPath(objectKey);
        if (file !== undefined) return file;
      }
      throw new Error(`TemplateURL ${templateUrl}: no asset of the cloud assembly has the object key ${candidates.join(' or ') || '(none)'}; `
        + 'the offline cloud reads nested templates from the assembly\'s asset manifest, never from S3 (synthesize the app again)');
    }
    const file = isAbsolute(templateUrl) ? templateUrl : resolve(dirname(request.templateFile ?? '.'), templateUrl);
    if (!existsSync(file)) {
      throw new Error(`TemplateURL ${templateUrl}: not an https URL of an asset, and no file ${file}`);
    }
    return file;
  }
}

function parseUrl(text: string): URL | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * The name CloudFormation gives a nested stack: `<parent>-<logicalId>-<12 random characters>`
 * (upper case, as in the console), cut to 128 characters.
 */
function nestedStackName(parentStackName: string, logicalId: string): string {
  const suffix = `-${randomSuffix().toUpperCase()}`;
  return `${parentStackName}-${logicalId}`.slice(0, MAX_STACK_NAME - suffix.length) + suffix;
}

/** The nested stack's parameter values: strings (numbers and booleans as text), as CloudFormation passes them. */
function parameterValues(parameters: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(isTemplateObject(parameters) ? parameters : {})) {
    if (typeof value === 'string') values[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') values[name] = String(value);
    // A list parameter is passed as one comma-delimited string.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stack.html#cfn-cloudformation-stack-parameters
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) values[name] = value.join(',');
    else throw new Error(`Parameters.${name} must resolve to a string, not ${JSON.stringify(value)}`);
  }
  return values;
}
