/**
 * The size of a function's resource policy as Lambda would store it, computed from the
 * `AWS::Lambda::Permission` resources of a synthesized template.
 *
 * CloudFormation turns each permission into one statement; Lambda refuses a policy over 20,480
 * bytes (PolicyLengthExceededException).
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */

/** Lambda's limit on a function's resource-based policy, in bytes. */
export const LAMBDA_POLICY_LIMIT_BYTES = 20_480;

// Values a deployment would give the tokens; lengths match what AWS generates.
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'GravitonStack',
};
const API_ID = 'a1b2c3d4e5';
const RANDOM_SUFFIX = 'AbCdEfGhIjKl';

type Template = { Resources: Record<string, { Type: string; Properties?: any }> };

/** Bytes of the resource policy of every function that has permissions, by the function's logical id. */
export function lambdaPolicyBytes(template: Template): Record<string, number> {
  const statements: Record<string, object[]> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Permission') continue;
    const p = resource.Properties;
    const functionArn = resolve(template, p.FunctionName);
    const statement: Record<string, unknown> = {
      Sid: `${PSEUDO['AWS::StackName']}-${logicalId}-${RANDOM_SUFFIX}`,
      Effect: 'Allow',
      Principal: { Service: resolve(template, p.Principal) },
      Action: resolve(template, p.Action),
      Resource: functionArn,
    };
    if (p.SourceArn) {
      statement.Condition = { ArnLike: { 'AWS:SourceArn': resolve(template, p.SourceArn) } };
    }
    (statements[functionArn] ??= []).push(statement);
  }
  const sizes: Record<string, number> = {};
  for (const [functionArn, list] of Object.entries(statements)) {
    const policy = { Version: '2012-10-17', Id: 'default', Statement: list };
    sizes[functionArn] = Buffer.byteLength(JSON.stringify(policy));
  }
  return sizes;
}

function resolve(template: Template, value: any): string {
  if (typeof value === 'string') return value;
  if (value.Ref) {
    if (PSEUDO[value.Ref]) return PSEUDO[value.Ref];
    const type = template.Resources[value.Ref]?.Type;
    if (type === 'AWS::ApiGatewayV2::Api') return API_ID;
    if (type === 'AWS::Lambda::Function') return functionName(value.Ref);
    throw new Error(`cannot resolve Ref ${value.Ref} (${type})`);
  }
  if (value['Fn::GetAtt']) {
    const [logicalId, attribute] = value['Fn::GetAtt'];
    if (template.Resources[logicalId]?.Type === 'AWS::Lambda::Function' && attribute === 'Arn') {
      return `arn:aws:lambda:${PSEUDO['AWS::Region']}:${PSEUDO['AWS::AccountId']}:function:${functionName(logicalId)}`;
    }
    throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute}`);
  }
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map((part: any) => resolve(template, part)).join(separator);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

function functionName(logicalId: string): string {
  // CloudFormation's generated physical name: stack name, logical id, random suffix, at most 64 characters.
  return `${PSEUDO['AWS::StackName']}-${logicalId}-${RANDOM_SUFFIX}`.slice(0, 64);
}
