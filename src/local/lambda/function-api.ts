import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaFunctionConfig } from './function-config';
import { RegisteredFunction } from './function-registry';
import { LambdaServiceException, ResourceNotFoundException } from './lambda-errors';
import { functionLogGroup } from './worker-environment';

/**
 * Lambda's read calls beside Invoke (REST-JSON, as invoke-api.ts serves them):
 * `GET /2015-03-31/functions/{name}` (GetFunction), `.../configuration` (GetFunctionConfiguration)
 * and `.../policy` (GetPolicy), answered from the deployed functions.
 */

const FUNCTION_PATH = /^\/2015-03-31\/functions\/([^/]+)(?:\/(configuration|policy))?\/?$/;

/** The read calls, as `not supported` lists them. */
export const FUNCTION_READ_CALLS = [
  'GetFunction (GET /2015-03-31/functions/{FunctionName})',
  'GetFunctionConfiguration (GET /2015-03-31/functions/{FunctionName}/configuration)',
  'GetPolicy (GET /2015-03-31/functions/{FunctionName}/policy)',
];

/** Finds a function by name or ARN, as the Lambda service's registry does. */
export type FindFunction = (nameOrArn: string) => RegisteredFunction | undefined;

/** The answer to a read call: a JSON body; undefined when the request is none of them. */
export function readFunctionApi(method: string, url: URL, find: FindFunction, arnOf: (reference: string) => string): object | undefined {
  const match = FUNCTION_PATH.exec(url.pathname);
  if (method !== 'GET' || !match) return undefined;
  const reference = decodeURIComponent(match[1]);
  const qualifier = url.searchParams.get('Qualifier') ?? undefined;
  const found = find(reference);
  // The offline cloud has no versions or aliases: only $LATEST (or no qualifier) exists.
  if (!found || (qualifier !== undefined && qualifier !== '$LATEST')) {
    throw new ResourceNotFoundException(qualifier !== undefined ? `${arnOf(reference)}:${qualifier}` : arnOf(reference));
  }
  switch (match[2]) {
    case 'configuration': return functionConfiguration(found.config);
    case 'policy': return policyOf(found);
    default: return getFunction(found.config);
  }
}

/**
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
 * (the `FunctionConfiguration` shape; fields the offline cloud has no value for are left out)
 */
export function functionConfiguration(config: LambdaFunctionConfig): object {
  const code = codeSummary(config.codeDir);
  return {
    FunctionName: config.name,
    FunctionArn: config.arn,
    Runtime: config.runtime,
    ...(config.role !== undefined ? { Role: config.role } : {}),
    Handler: config.handler,
    CodeSize: code.size,
    Description: config.description ?? '',
    Timeout: config.timeout,
    MemorySize: config.memorySize,
    LastModified: config.lastModified,
    CodeSha256: code.sha256,
    Version: '$LATEST',
    ...(Object.keys(config.environment).length > 0 ? { Environment: { Variables: { ...config.environment } } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: [...config.architectures],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: functionLogGroup(config) },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
  };
}

// https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
function getFunction(config: LambdaFunctionConfig): object {
  return {
    Configuration: functionConfiguration(config),
    // A pre-signed S3 URL on AWS; offline the code is a local folder.
    Code: { RepositoryType: 'S3', Location: `file://${config.codeDir}` },
    ...(config.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: config.reservedConcurrency } } : {}),
  };
}

// https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html
function policyOf(found: RegisteredFunction): object {
  if (found.policy.statements.length === 0) {
    throw new LambdaServiceException('ResourceNotFoundException', 404, 'The resource you requested does not exist.');
  }
  const policy = JSON.stringify(found.policy.document());
  return { Policy: policy, RevisionId: createHash('sha256').update(policy).digest('hex').slice(0, 36) };
}

/** The code's size in bytes and a SHA-256 over its files (Lambda's is the .zip's; offline there is a folder). */
function codeSummary(codeDir: string): { size: number; sha256: string } {
  const hash = createHash('sha256');
  let size = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.isFile()) {
        const bytes = fs.readFileSync(file);
        size += bytes.length;
        hash.update(path.relative(codeDir, file)).update(bytes);
      }
    }
  };
  try {
    walk(codeDir);
  } catch {
    // A folder that went away answers as empty code.
  }
  return { size, sha256: hash.digest('base64') };
}
