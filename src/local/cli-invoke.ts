import * as fs from 'fs';
import { InvokeArguments, UsageError } from './cli-arguments';
import { cloudFor, deploySource } from './cli-deploy';
import { StackSource } from './cloudformation/cloud-assembly';
import { DeployedStack } from './cloudformation/stack-deployer';
import { readTemplateSource } from './cloudformation/template-source';
import { LambdaServiceException } from './lambda/lambda-errors';
import { LogWriter } from './log-writer';

// A version or alias is invoked by its Ref, the qualified ARN.
const INVOCABLE_TYPES = ['AWS::Lambda::Function', 'AWS::Lambda::Version', 'AWS::Lambda::Alias'];

/**
 * `graviton-local invoke`: deploys, invokes one function once (as `aws lambda invoke` would,
 * RequestResponse), prints its answer on stdout and returns the exit code: 1 on a function error.
 * The function's log lines go to `log` (stderr).
 */
export async function invoke(args: InvokeArguments, log: LogWriter): Promise<number> {
  const event = readEvent(args.event);
  const source = await deploySource(args, log.line);
  const cloud = cloudFor(args, log.line);
  try {
    const deployed = await cloud.deploy(source);
    // A function of a nested stack is found too, by its own stack's name and template.
    const nested = deployed.flatMap((stack) => stack.nestedStacks);
    const functionName = findFunction(
      [...deployed, ...nested.map((stack) => stack.deployed)], [...readTemplateSource(source), ...nested], args.functionId);
    let result;
    try {
      result = await cloud.lambda.invoke(functionName, event);
    } catch (error) {
      if (!(error instanceof LambdaServiceException)) throw error;
      log.flush();
      process.stderr.write(`graviton-local: Lambda refused the invocation: ${error.name}: ${error.message}\n`);
      return 1;
    }
    log.flush();
    process.stdout.write(`${result.payload.toString()}\n`);
    return result.functionError ? 1 : 0;
  } finally {
    await cloud.stop();
    log.flush();
  }
}

/** The event: the file's bytes, standard input's for `-`, `{}` when none is given. */
function readEvent(file: string | undefined): Buffer {
  if (file === undefined) return Buffer.from('{}');
  try {
    return fs.readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    throw new UsageError(`--event ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/**
 * The function name of `functionId`: `<StackName>/<LogicalId>` of an `AWS::Lambda::Function` (or
 * the qualified ARN of a `Version` or `Alias`), its construct path (`aws:cdk:path`, with or without
 * the last `/Resource`), or a deployed function's name, qualified or not (`fn`, `fn:live`). A miss
 * lists what there is.
 */
export function findFunction(
  stacks: readonly DeployedStack[], sources: ReadonlyArray<Pick<StackSource, 'stackName' | 'template'>>, functionId: string): string {
  const functions = stacks.flatMap((stack) => {
    const template = sources.find((source) => source.stackName === stack.stackName)?.template;
    return [...stack.resources]
      .filter(([, resource]) => INVOCABLE_TYPES.includes(resource.type))
      .map(([logicalId, resource]) => {
        const id = `${stack.stackName}/${logicalId}`;
        const constructPath = template?.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
        const ids = typeof constructPath === 'string' ? [id, constructPath, constructPath.replace(/\/Resource$/, '')] : [id];
        return { id, ids, name: resource.ref };
      });
  });
  const found = functions.find((fn) => fn.ids.includes(functionId)) ?? functions.find((fn) => fn.name === functionId);
  if (found) return found.name;
  // `name:qualifier`: Lambda resolves the version or alias (or answers that it does not exist).
  const qualified = /^([A-Za-z0-9_-]+):[A-Za-z0-9_$-]+$/.exec(functionId);
  if (qualified && functions.some((fn) => fn.name === qualified[1])) return functionId;
  const known = functions.length === 0
    ? 'the stacks deployed no AWS::Lambda::Function, Version or Alias'
    : `the functions are: ${functions.map((fn) => `${fn.ids[fn.ids.length - 1]} (${fn.id}, ${fn.name})`).join(', ')}`;
  throw new UsageError(`no function "${functionId}": give its construct path, <StackName>/<LogicalId> or its function name; ${known}`);
}
