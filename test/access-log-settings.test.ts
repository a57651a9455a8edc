import { Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { expectRefusedBeforeAnyChild, hello, logicalIdOf, newStack } from './api-test-helpers';
import { defaultAccessLogFormat } from '../src';

const MINIMAL_FORMAT = '$context.requestId $context.status';

describe('defaultAccessLogFormat', () => {
  test('is one line of JSON with every value quoted, keyed by what the construct documents', () => {
    const text = defaultAccessLogFormat().toString();
    expect(text).not.toMatch(/[\r\n]/);
    const fields = JSON.parse(text);
    expect(Object.keys(fields)).toEqual([
      'requestId', 'sourceIp', 'requestTime', 'httpMethod', 'routeKey', 'path', 'protocol', 'status',
      'responseLength', 'responseLatency', 'integrationStatus', 'integrationLatency', 'integrationError',
      'authorizerError', 'errorMessage',
    ]);
    for (const value of Object.values(fields)) {
      expect(value).toMatch(/^\$context\.[A-Za-z.]+$/);
    }
    expect(fields.requestId).toBe('$context.requestId');
  });

  test('fits in the 3 KB API Gateway accepts', () => {
    expect(Buffer.byteLength(defaultAccessLogFormat().toString())).toBeLessThanOrEqual(3 * 1024);
  });
});

describe('access logs of the $default stage', () => {
  test('are on by default: JSON lines into a log group the construct creates, kept for a year', () => {
    const stack = newStack();
    const api = hello(stack);
    const template = Template.fromStack(stack);
    expect(api.accessLogGroup).toBeInstanceOf(logs.LogGroup);
    const accessLogGroupId = logicalIdOf(api.accessLogGroup!);
    expect(accessLogGroupId).toMatch(/^HelloAccessLogGroup/);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [accessLogGroupId, 'Arn'] },
        Format: defaultAccessLogFormat().toString(),
      },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toContain(accessLogGroupId);
  });

  test('enabled: false writes no access log and creates one log group fewer', () => {
    const stack = newStack();
    const api = hello(stack, { accessLog: { enabled: false } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AccessLogSettings: Match.absent() });
    // Only the function's log group is left.
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toEqual([logicalIdOf(api.functionLogGroup!)]);
    expect(api.accessLogGroup).toBeUndefined();
  });

  test('enabled: true keeps the default: the construct creates the access log group', () => {
    const stack = newStack();
    const api = hello(stack, { accessLog: { enabled: true } });
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 2);
    expect(api.accessLogGroup).toBeDefined();
  });

  test('a given logGroup receives the lines and no access log group is created', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'MyAccessLogs', { retention: logs.RetentionDays.ONE_WEEK });
    const api = hello(stack, { accessLog: { logGroup } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalIdOf(logGroup), 'Arn'] } },
    });
    // The function's log group and the given one.
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('HelloAccessLogGroup'))).toEqual([]);
    // The given group keeps its own retention.
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    expect(api.accessLogGroup).toBe(logGroup);
  });

  test('a custom format is used as it is', () => {
    const stack = newStack();
    hello(stack, { accessLog: { format: apigateway.AccessLogFormat.custom(MINIMAL_FORMAT) } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { Format: MINIMAL_FORMAT },
    });
  });

  test('a custom format may identify requests by $context.extendedRequestId instead', () => {
    const stack = newStack();
    hello(stack, { accessLog: { format: apigateway.AccessLogFormat.custom('$context.extendedRequestId $context.status') } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { Format: '$context.extendedRequestId $context.status' },
    });
  });

  test('an unresolved format is passed through unchecked', () => {
    const stack = newStack();
    hello(stack, { accessLog: { format: apigateway.AccessLogFormat.custom(Lazy.string({ produce: () => '$context.status' })) } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { Format: '$context.status' },
    });
  });

  test('logRetention sets the retention of the access log group the construct creates', () => {
    const stack = newStack();
    const api = hello(stack, { logRetention: logs.RetentionDays.ONE_MONTH });
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Retain',
    });
    expect(Template.fromStack(stack).toJSON().Resources[logicalIdOf(api.accessLogGroup!)].Properties).toEqual({ RetentionInDays: 30 });
  });
});

describe('bad access log settings fail synthesis before any child is created', () => {
  test('enabled: false with a logGroup', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'MyAccessLogs');
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { accessLog: { enabled: false, logGroup } }),
      /accessLog: enabled is false, so logGroup would be ignored; remove it or turn access logs on/);
  });

  test('enabled: false with a format', () => {
    const stack = newStack();
    const format = apigateway.AccessLogFormat.custom(MINIMAL_FORMAT);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { accessLog: { enabled: false, format } }),
      /accessLog: enabled is false, so format would be ignored; remove it or turn access logs on/);
  });

  test('enabled: false with both a logGroup and a format', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'MyAccessLogs');
    const format = apigateway.AccessLogFormat.custom(MINIMAL_FORMAT);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { accessLog: { enabled: false, logGroup, format } }),
      /accessLog: enabled is false, so logGroup and format would be ignored; remove them or turn access logs on/);
  });

  test('a format without $context.requestId or $context.extendedRequestId', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { accessLog: { format: apigateway.AccessLogFormat.custom('$context.status $context.path') } }),
      /accessLog.format "\$context.status \$context.path": must include \$context.requestId or \$context.extendedRequestId/);
  });

  test('a format over 3 KB', () => {
    const stack = newStack();
    const format = `${MINIMAL_FORMAT} ${'x'.repeat(3100)}`;
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { accessLog: { format: apigateway.AccessLogFormat.custom(format) } }),
      new RegExp(`accessLog.format: ${Buffer.byteLength(format)} bytes; API Gateway accepts at most 3072`));
  });

  test('a format over 3 KB counts bytes, not characters', () => {
    const stack = newStack();
    // 1,600 characters, 3,200 bytes in UTF-8.
    const format = `${MINIMAL_FORMAT} ${'é'.repeat(1600)}`;
    expect(format.length).toBeLessThan(3072);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { accessLog: { format: apigateway.AccessLogFormat.custom(format) } }),
      new RegExp(`accessLog.format: ${Buffer.byteLength(format)} bytes; API Gateway accepts at most 3072`));
  });

  test.each([['a line feed', '\n'], ['a carriage return', '\r']])('a format with %s', (_name, lineBreak) => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { accessLog: { format: apigateway.AccessLogFormat.custom(`$context.requestId${lineBreak}$context.status`) } }),
      /accessLog.format: must be a single line \(no line breaks\)/);
  });
});
