import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeployEnvironment, ProvisionedResource } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService, LambdaServiceOptions } from '../../../src/local/lambda';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

/** Assets every deploy environment maps: code built by the tests (compiled Java classes). */
const builtAssets = new Map<string, string>();

/** The S3 key under which every deploy environment finds this local folder or file. */
export function builtAsset(localPath: string): string {
  const key = `built/${builtAssets.size}/${path.basename(localPath)}`;
  builtAssets.set(key, localPath);
  return key;
}

/** A deploy environment whose assets are the given S3 keys mapped to local paths (and the built assets). */
export function deployEnvironment(assets: Record<string, string> = {}): DeployEnvironment {
  return {
    region: REGION,
    accountId: ACCOUNT,
    partition: 'aws',
    urlSuffix: 'amazonaws.com',
    assetPath: (key) => assets[key] ?? builtAssets.get(key),
  };
}

/** A Lambda service whose log lines are collected in `lines`. */
export function newService(options: Partial<LambdaServiceOptions> = {}): { service: LambdaService; lines: string[] } {
  const lines: string[] = [];
  const service = new LambdaService({ region: REGION, accountId: ACCOUNT, log: (line) => lines.push(line), ...options });
  return { service, lines };
}

/** Deploys one AWS::Lambda::Function through the service's provider. */
export function deployFunction(
  service: LambdaService, logicalId: string, properties: Record<string, any>, environment = deployEnvironment(),
): Promise<ProvisionedResource> {
  return service.functionProvider.create({ stackName: 'TestStack', logicalId, type: 'AWS::Lambda::Function', properties, environment });
}

/** Inline Python code as a function's properties (handler index.handler). */
export function inlinePython(code: string, extra: Record<string, any> = {}): Record<string, any> {
  return { Runtime: 'python3.11', Handler: 'index.handler', Role: `arn:aws:iam::${ACCOUNT}:role/fn`, Code: { ZipFile: code }, ...extra };
}

/** Inline Node.js (CommonJS) code as a function's properties (handler index.handler). */
export function inlineNode(code: string, extra: Record<string, any> = {}): Record<string, any> {
  return { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: `arn:aws:iam::${ACCOUNT}:role/fn`, Code: { ZipFile: code }, ...extra };
}

/** Invokes with a JSON event and parses the JSON payload. */
export async function invokeJson(service: LambdaService, name: string, event: unknown = {}): Promise<{ functionError?: string; body: any }> {
  const result = await service.invoke(name, Buffer.from(JSON.stringify(event)));
  return { functionError: result.functionError, body: JSON.parse(result.payload.toString('utf8')) };
}

/** A temporary folder removed by the returned cleanup. */
export function tempFolder(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-test-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** True while a process with this id exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
