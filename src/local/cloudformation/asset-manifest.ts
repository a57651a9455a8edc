import { existsSync } from 'fs';
import { dirname, resolve } from 'path';
import { readJsonFile } from './json-file';
import { DeployError } from './resource-provider';
import { Template, TemplateValue } from './template';
import { templateError } from './template-error';

/**
 * Reads a CDK asset manifest (`<stack>.assets.json`) into the local path of each file asset by
 * the S3 object key the template names (a Lambda function's `Code.S3Key` is `<hash>.zip`).
 * Docker image assets (`dockerImages`) are ignored: no template this engine deploys uses them.
 */
// https://github.com/aws/aws-cdk-cli/blob/main/packages/%40aws-cdk/cloud-assembly-schema/lib/assets/schema.ts

interface AssetManifest {
  readonly files?: Record<string, FileAsset>;
}

interface FileAsset {
  readonly source?: {
    /** Relative to the manifest's folder: `asset.<hash>` (a folder), `asset.<hash>.bundle`, or a file. */
    readonly path?: string;
    /** `zip` (a folder uploaded as a zip, or a file already zipped) or `file`. */
    readonly packaging?: string;
  };
  readonly destinations?: Record<string, { readonly objectKey?: string }>;
}

/** The stack whose assets the manifest lists: a missing asset is reported at the resource that uses it. */
export interface AssetUser {
  readonly template: Template;
  readonly templateFile: string;
}

/**
 * Object key to absolute local path. A listed asset missing on disk is an error, found before
 * anything is deployed, naming the template and the resource whose properties hold its object
 * key (else the manifest and the asset id).
 */
export function readAssetManifest(manifestFile: string, user?: AssetUser): Map<string, string> {
  const manifest = readJsonFile<AssetManifest>(manifestFile, 'asset manifest');
  const assetPaths = new Map<string, string>();
  for (const [assetId, asset] of Object.entries(manifest.files ?? {})) {
    const sourcePath = asset.source?.path;
    // Assets built by a command (`source.executable`) have no local path: nothing to map.
    if (sourcePath === undefined) continue;
    const localPath = resolve(dirname(manifestFile), sourcePath);
    const objectKeys = Object.values(asset.destinations ?? {}).flatMap((destination) => destination.objectKey ?? []);
    if (!existsSync(localPath)) {
      const logicalId = user && resourceUsing(user.template, objectKeys);
      if (user && logicalId) {
        throw templateError(user.templateFile, logicalId,
          `the asset ${localPath} does not exist (asset ${assetId} of ${manifestFile}; synthesize the app again)`);
      }
      throw new DeployError(`${manifestFile}: asset ${assetId}: ${localPath} does not exist (synthesize the app again)`);
    }
    for (const objectKey of objectKeys) assetPaths.set(objectKey, localPath);
  }
  return assetPaths;
}

/** The first resource whose properties hold one of the object keys as a string (a function's `Code.S3Key`). */
function resourceUsing(template: Template, objectKeys: readonly string[]): string | undefined {
  const holds = (value: TemplateValue | undefined): boolean => {
    if (typeof value === 'string') return objectKeys.includes(value);
    if (Array.isArray(value)) return value.some(holds);
    return value !== null && typeof value === 'object' && Object.values(value).some(holds);
  };
  return Object.keys(template.Resources).find((logicalId) => holds(template.Resources[logicalId].Properties));
}
