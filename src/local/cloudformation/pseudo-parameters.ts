import { createHash } from 'crypto';
import { DeployEnvironment } from './resource-provider';

/** The value of `{ "Ref": "AWS::NoValue" }`: the key or list item holding it is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Pseudo parameter names (`AWS::Region`, ...) to their values for one stack. */
export type PseudoParameters = ReadonlyMap<string, string | string[] | typeof NO_VALUE>;

/** The names `Ref` accepts besides parameters and resources. */
export const PSEUDO_PARAMETER_NAMES: readonly string[] = [
  'AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName',
  'AWS::StackId', 'AWS::NotificationARNs', 'AWS::NoValue',
];

/** The pseudo parameters of a stack deployed into `environment`. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
export function pseudoParameters(environment: DeployEnvironment, stackName: string): PseudoParameters {
  return new Map<string, string | string[] | typeof NO_VALUE>([
    ['AWS::AccountId', environment.accountId],
    ['AWS::Region', environment.region],
    ['AWS::Partition', environment.partition],
    ['AWS::URLSuffix', environment.urlSuffix],
    ['AWS::StackName', stackName],
    ['AWS::StackId', stackId(environment, stackName)],
    // No SNS topics are notified of stack events in the offline cloud.
    ['AWS::NotificationARNs', []],
    ['AWS::NoValue', NO_VALUE],
  ]);
}

/**
 * `arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/<uuid>`, with a uuid derived from
 * the stack name so that the same stack gets the same id on every run.
 */
export function stackId(environment: DeployEnvironment, stackName: string): string {
  const hex = createHash('sha256').update(`${environment.accountId}/${environment.region}/${stackName}`).digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `arn:${environment.partition}:cloudformation:${environment.region}:${environment.accountId}:stack/${stackName}/${uuid}`;
}
