import { existsSync } from 'fs';
import { dirname, resolve } from 'path';
import { readJsonFile } from './json-file';
import { DeployError } from './resource-provider';

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

/** Object key to absolute local path; a listed asset missing on disk is an error naming the manifest. */
export function readAssetManifest(manifestFile: string): Map<string, string> {
  const manifest = readJsonFile<AssetManifest>(manifestFile, 'asset manifest');
  const assetPaths = new Map<string, string>();
  for (const [assetId, asset] of Object.entries(manifest.files ?? {})) {
    const sourcePath = asset.source?.path;
    // Assets built by a command (`source.executable`) have no local path: nothing to map.
    if (sourcePath === undefined) continue;
    const localPath = resolve(dirname(manifestFile), sourcePath);
    if (!existsSync(localPath)) {
      throw new DeployError(`${manifestFile}: asset ${assetId}: ${localPath} does not exist (synthesize the app again)`);
    }
    for (const destination of Object.values(asset.destinations ?? {})) {
      if (destination.objectKey) assetPaths.set(destination.objectKey, localPath);
    }
  }
  return assetPaths;
}
