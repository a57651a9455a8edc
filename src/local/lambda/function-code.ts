import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalRuntime } from './runtimes';
import { extractZipArchive, isZipArchive } from './zip-archive';
import { DeployError, NotSupportedError, ProvisionRequest } from '../cloudformation/resource-provider';

/**
 * The local folder of a function's code, from its `Code` property: inline code is written to a
 * folder of its own, an S3 object is the asset folder the cloud assembly maps its key to, or
 * the asset's .zip or .jar file unzipped into the function's own folder, as Lambda unpacks it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html
 */
export function prepareFunctionCode(request: ProvisionRequest, localRuntime: LocalRuntime, functionDir: () => string): string {
  const { logicalId } = request;
  const code = request.properties.Code;
  if (code === undefined || code === null || typeof code !== 'object') {
    throw new DeployError(`${logicalId}: Code is required (ZipFile, S3Bucket and S3Key, or ImageUri)`);
  }
  if (code.ImageUri !== undefined) {
    throw new NotSupportedError('Code.ImageUri (container image functions)', logicalId);
  }
  if (code.ZipFile !== undefined) {
    // Lambda saves inline code as index.py or index.js; other runtimes take no inline code.
    if (!localRuntime.inlineCodeFile) {
      throw new DeployError(`${logicalId}: Code.ZipFile (inline code) is for Node.js and Python functions only; runtime ${request.properties.Runtime} needs its code as an asset`);
    }
    const dir = functionDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, localRuntime.inlineCodeFile), String(code.ZipFile));
    return dir;
  }
  if (code.S3Key !== undefined) {
    return assetFolder(request, String(code.S3Bucket), String(code.S3Key), functionDir);
  }
  throw new DeployError(`${logicalId}: Code must have ZipFile, S3Bucket and S3Key, or ImageUri; got ${JSON.stringify(code)}`);
}

function assetFolder(request: ProvisionRequest, bucket: string, key: string, functionDir: () => string): string {
  const { logicalId } = request;
  const where = `${logicalId}: Code s3://${bucket}/${key}`;
  const assetPath = request.environment.assetPath(key);
  if (assetPath === undefined) {
    throw new DeployError(`${where}: no asset of the cloud assembly has this key; the offline cloud runs code from the assembly's asset folders only`);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(assetPath);
  } catch {
    throw new DeployError(`${where}: the asset path ${assetPath} does not exist`);
  }
  if (stat.isDirectory()) return assetPath;
  if (!isZipArchive(assetPath)) {
    throw new DeployError(`${where}: the asset ${assetPath} is a file but not a .zip or .jar archive; a function's code is a folder, a .zip or a .jar`);
  }
  const dir = functionDir();
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    extractZipArchive(assetPath, dir);
  } catch (error) {
    throw new DeployError(`${where}: ${(error as Error).message}`);
  }
  return dir;
}
