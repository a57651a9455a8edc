import { DeployEnvironment } from './resource-provider';

/** What `createDeployEnvironment` needs; every field has the default of a fresh local account. */
export interface DeployEnvironmentOptions {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** @default - the partition of the region: `aws`, `aws-cn` or `aws-us-gov` */
  readonly partition?: string;
  /** @default - the URL suffix of the region: `amazonaws.com`, or `amazonaws.com.cn` in China */
  readonly urlSuffix?: string;
  /** S3 object key to local asset path, as read from the asset manifests. @default - no assets */
  readonly assetPaths?: ReadonlyMap<string, string>;
}

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** The environment the offline cloud deploys into: one account, one region. */
export function createDeployEnvironment(options: DeployEnvironmentOptions = {}): DeployEnvironment {
  const region = options.region ?? DEFAULT_REGION;
  const assetPaths = options.assetPaths ?? new Map<string, string>();
  return {
    region,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    partition: options.partition ?? partitionOf(region),
    urlSuffix: options.urlSuffix ?? urlSuffixOf(region),
    assetPath: (objectKey) => assetPaths.get(objectKey),
  };
}

/** The same environment, also knowing the given assets (looked up first). */
export function withAssetPaths(environment: DeployEnvironment, assetPaths: ReadonlyMap<string, string>): DeployEnvironment {
  if (assetPaths.size === 0) return environment;
  return {
    region: environment.region,
    accountId: environment.accountId,
    partition: environment.partition,
    urlSuffix: environment.urlSuffix,
    assetPath: (objectKey) => assetPaths.get(objectKey) ?? environment.assetPath(objectKey),
  };
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html#cfn-pseudo-param-partition
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html#cfn-pseudo-param-urlsuffix
function urlSuffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}
