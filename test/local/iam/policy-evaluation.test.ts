import { arnLike } from '../../../src/local/iam/arn-like';
import { evaluate } from '../../../src/local/iam/policy-evaluation';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:hello';

describe('arnLike', () => {
  test('a * in a part matches across slashes', () => {
    expect(arnLike('arn:aws:execute-api:us-east-1:123456789012:abc123/*', 'arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/')).toBe(true);
  });
  test('each of the six parts is compared on its own', () => {
    expect(arnLike('arn:aws:execute-api:us-east-1:*:abc123/*', 'arn:aws:execute-api:eu-west-1:123456789012:abc123/x')).toBe(false);
  });
  test('CDK\'s per-route pattern covers the route path template', () => {
    const pattern = 'arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/items/{id}';
    expect(arnLike(pattern, 'arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/items/{id}')).toBe(true);
    expect(arnLike(pattern, 'arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/items')).toBe(false);
  });
  test('? matches exactly one character and matching is case-sensitive', () => {
    expect(arnLike('arn:aws:s3:::bucket-?', 'arn:aws:s3:::bucket-a')).toBe(true);
    expect(arnLike('arn:aws:s3:::bucket-?', 'arn:aws:s3:::bucket-ab')).toBe(false);
    expect(arnLike('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket')).toBe(false);
  });
});

describe('evaluate', () => {
  test('allows a matching action and resource', () => {
    expect(evaluate([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FN }], { action: 'lambda:InvokeFunction', resource: FN })).toBe('Allow');
  });
  test('denies implicitly when nothing matches', () => {
    expect(evaluate([{ Effect: 'Allow', Action: 'lambda:GetFunction', Resource: FN }], { action: 'lambda:InvokeFunction', resource: FN })).toBe('ImplicitDeny');
    expect(evaluate([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `${FN}-other` }], { action: 'lambda:InvokeFunction', resource: FN })).toBe('ImplicitDeny');
  });
  test('an explicit deny wins over an allow', () => {
    expect(evaluate([
      { Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
      { Effect: 'Deny', Action: 'lambda:InvokeFunction', Resource: FN },
    ], { action: 'lambda:InvokeFunction', resource: FN })).toBe('Deny');
  });
  test('action names match case-insensitively with wildcards', () => {
    expect(evaluate([{ Effect: 'Allow', Action: 'Lambda:Invoke*', Resource: '*' }], { action: 'lambda:InvokeFunction', resource: FN })).toBe('Allow');
  });
  test('a resource policy needs the principal and its SourceArn condition', () => {
    const statement = {
      Effect: 'Allow' as const,
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: FN,
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc123/*' } },
    };
    const request = { action: 'lambda:InvokeFunction', resource: FN, principal: { Service: 'apigateway.amazonaws.com' } };
    expect(evaluate([statement], { ...request, context: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/' } })).toBe('Allow');
    expect(evaluate([statement], { ...request, context: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:other99/$default/GET/' } })).toBe('ImplicitDeny');
    expect(evaluate([statement], { ...request, principal: { Service: 'events.amazonaws.com' }, context: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:123456789012:abc123/x' } })).toBe('ImplicitDeny');
  });
  test('a condition on a key the request lacks does not match, unless IfExists', () => {
    const base = { Effect: 'Allow' as const, Action: '*', Resource: '*' };
    expect(evaluate([{ ...base, Condition: { StringEquals: { 'aws:SourceAccount': '1' } } }], { action: 'a:b', resource: FN })).toBe('ImplicitDeny');
    expect(evaluate([{ ...base, Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '1' } } }], { action: 'a:b', resource: FN })).toBe('Allow');
  });
});
