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
}

/** What a deployed resource exposes to the rest of the template. */
export interface ProvisionedResource {
  /** The value of `{ "Ref": logicalId }` (the physical id). */
  readonly ref: string;
  /** The values of `{ "Fn::GetAtt": [logicalId, name] }`, by attribute name. */
  readonly attributes: Record<string, string>;
}

/** Creates the resources of one or more CloudFormation types. */
export interface ResourceProvider {
  create(request: ProvisionRequest): Promise<ProvisionedResource>;
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
  constructor(what: string, logicalId: string) {
    super(`not supported: ${what} at ${logicalId}`);
    this.name = 'NotSupportedError';
  }
}
