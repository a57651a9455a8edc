/**
 * The contract between the stack deployer and the services that stand in for AWS: the deployer
 * resolves a resource's properties and hands them to the provider registered for its type.
 */

/** Where the stacks are deployed: the pseudo parameters and the assets of the cloud assembly. */
export interface DeployEnvironment {
  /** `AWS::Region` */
  readonly region: string;
  /** `AWS::AccountId` */
  readonly accountId: string;
  /** `AWS::Partition` */
  readonly partition: string;
  /** `AWS::URLSuffix` */
  readonly urlSuffix: string;
  /**
   * The local folder or file of an asset, found by the S3 object key a template names
   * (e.g. `Code.S3Key` of a Lambda function); `undefined` when no asset manifest lists it.
   */
  assetPath(objectKey: string): string | undefined;
}

/** A resource as CloudFormation passes it to a provider: properties with every intrinsic resolved. */
export interface ProvisionRequest {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly environment: DeployEnvironment;
  /** The template the resource is declared in (relative paths of hand-written templates start there). */
  readonly templateFile?: string;
}

/** What a deployed resource exposes to the rest of the template. */
export interface ProvisionedResource {
  /** The value of `{ "Ref": logicalId }` (the physical id). */
  readonly ref: string;
  /** The values of `{ "Fn::GetAtt": [logicalId, name] }`, by attribute name. */
  readonly attributes: Record<string, string>;
  /**
   * Added to the error of a `Fn::GetAtt` of an attribute not in `attributes` (say which exist,
   * or why none is known).
   * @default - the error names the resource, its type and the attribute only
   */
  readonly attributeHint?: string;
}

/** A resource as written in the template, before any intrinsic is resolved: what `validate` sees. */
export interface ResourceToValidate {
  readonly logicalId: string;
  readonly type: string;
  /** The properties as written (intrinsics unresolved); `{}` when the template gives none. */
  readonly properties: Record<string, any>;
}

/** Creates the resources of one or more CloudFormation types. */
export interface ResourceProvider {
  /**
   * Checks a resource before anything of its stack is created (a missing required property);
   * throws an `Error` whose message is the problem. The deployer adds the file and logical id.
   */
  validate?(resource: ResourceToValidate): void;
  create(request: ProvisionRequest): Promise<ProvisionedResource>;
  /**
   * Deletes what `create` made, when its stack is torn down (resources in the reverse order of
   * their creation, as CloudFormation deletes a stack). Providers whose resources live only as
   * long as the offline cloud's processes need none.
   */
  delete?(resource: ResourceToDelete): Promise<void>;
}

/** A created resource, as its provider is asked to delete it. */
export interface ResourceToDelete {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** What `create` returned as `ref` (the physical id). */
  readonly ref: string;
}

/**
 * A deploy failure: what CloudFormation would report as the resource's CREATE_FAILED reason,
 * or a template problem. The message names the file, the logical id and the problem.
 */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

/** Thrown by a provider, or by the deployer, for what the offline cloud does not emulate. */
export class NotSupportedError extends DeployError {
  /** `hint` (what to do instead) follows the logical id in parentheses. */
  constructor(what: string, logicalId: string, hint?: string) {
    super(`not supported: ${what} at ${logicalId}${hint ? ` (${hint})` : ''}`);
    this.name = 'NotSupportedError';
  }
}
