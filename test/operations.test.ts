import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HELLO_CODE, expectRefusedBeforeAnyChild, hello, logicalIdOf, newStack } from './api-test-helpers';
import { GravitonHttpLambdaApi, GravitonHttpLambdaApiProps, InvokePermissionMode } from '../src';

// The production operations props: alias and versions, gradual deployments, alarms, tracing,
// structured logs, concurrency.

/** The one resource of `type` in the stack's template, with its logical id. */
function onlyResource(stack: Stack, type: string): [string, any] {
  const resources = Object.entries(Template.fromStack(stack).findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

/** The alarm whose logical id starts with the construct's id and `name`. */
function alarmProps(stack: Stack, name: string): any {
  const [, alarm] = Object.entries(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
    .find(([id]) => id.startsWith(`Hello${name}`))!;
  return alarm.Properties;
}

/** A function of the user's, defined in this app. */
function userFunction(stack: Stack, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, 'UserFunction', {
    code: HELLO_CODE, handler: 'index.lambda_handler', runtime: lambda.Runtime.PYTHON_3_14, ...props,
  });
}

const ALL_OPERATIONS: Partial<GravitonHttpLambdaApiProps> = {
  deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  alarms: {},
  tracing: lambda.Tracing.ACTIVE,
  reservedConcurrentExecutions: 10,
  provisionedConcurrentExecutions: 2,
};

describe('alias', () => {
  test('publishes the current version, points the alias at it, and the integration and the invoke role target the alias', () => {
    const stack = newStack();
    const api = hello(stack, { alias: 'prod' });
    const template = Template.fromStack(stack);
    const aliasId = logicalIdOf(api.alias!);
    const [versionId] = onlyResource(stack, 'AWS::Lambda::Version');

    template.hasResourceProperties('AWS::Lambda::Version', { FunctionName: { Ref: logicalIdOf(api.function) } });
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'prod',
      FunctionName: { Ref: logicalIdOf(api.function) },
      FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
      ProvisionedConcurrencyConfig: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: aliasId } });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'InvokeFunction',
        PolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Resource: { Ref: aliasId } })] }),
      }],
    });
    expect(api.version).toBe((api.function as lambda.Function).currentVersion);
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
  });

  test('in RESOURCE_POLICY mode the one statement is on the alias', () => {
    const stack = newStack();
    const api = hello(stack, { alias: 'live', permissionMode: InvokePermissionMode.RESOURCE_POLICY });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { Ref: logicalIdOf(api.alias!) } });
  });

  test('a change of the function\'s code publishes a new version (a new logical id); the alias keeps its own', () => {
    const idsFor = (body: string) => {
      const stack = newStack();
      const api = hello(stack, { alias: 'live', code: lambda.Code.fromInline(`def lambda_handler(event, context):\n    return ${body}\n`) });
      return { version: onlyResource(stack, 'AWS::Lambda::Version')[0], alias: logicalIdOf(api.alias!) };
    };
    const before = idsFor('"one"');
    const after = idsFor('"two"');
    expect(after.version).not.toEqual(before.version);
    expect(after.alias).toEqual(before.alias);
  });

  test('the version is CloudFormation\'s to delete once a newer one took over (not retained forever)', () => {
    const stack = newStack();
    hello(stack, { alias: 'live' });
    const [, version] = onlyResource(stack, 'AWS::Lambda::Version');
    expect(version.DeletionPolicy).toBeUndefined();
  });

  test('without alias, deploymentConfig or provisioned concurrency there is no version and the integration invokes the function', () => {
    const stack = newStack();
    const api = hello(stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Version', 0);
    template.resourceCountIs('AWS::Lambda::Alias', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(api.function), 'Arn'] } });
    expect(api.alias).toBeUndefined();
    expect(api.version).toBeUndefined();
    expect(api.deploymentGroup).toBeUndefined();
    expect(api.alarms).toEqual([]);
  });

  test('works with a lambda.Function of the app given as function: its current version is published', () => {
    const stack = newStack();
    const fn = userFunction(stack);
    const api = new GravitonHttpLambdaApi(stack, 'Hello', { function: fn, alias: 'live' });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Alias', {
      FunctionName: { Ref: logicalIdOf(fn) },
      FunctionVersion: { 'Fn::GetAtt': [onlyResource(stack, 'AWS::Lambda::Version')[0], 'Version'] },
    });
    expect(api.version).toBe(fn.currentVersion);
  });

  test.each([
    ['', /alias "": must be 1 to 128 letters/],
    ['has space', /alias "has space": must be 1 to 128 letters, digits, "-" or "_"/],
    ['123', /alias "123": .*not only digits/],
    ['$LATEST', /alias "\$LATEST": must be/],
    ['a'.repeat(129), /alias "a{129}": must be 1 to 128/],
  ])('the alias name %j is refused before any child is created', (name, message) => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { alias: name }), message);
  });

  test.each([
    [{ alias: 'live' }, /^alias: needs a version published on every deployment/],
    [{ deploymentConfig: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE }, /^deploymentConfig: needs a version/],
    [{ provisionedConcurrentExecutions: 1 }, /^provisionedConcurrentExecutions: needs a version/],
    [{ alias: 'live', deploymentConfig: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE }, /^alias, deploymentConfig: need a version .* or pass your own lambda.Alias as function without them/],
  ])('an imported function with %o is refused, naming the props, before any child is created', (props, message) => {
    const stack = newStack();
    const imported = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:eu-west-1:123456789012:function:existing');
    expectRefusedBeforeAnyChild(stack, () => new GravitonHttpLambdaApi(stack, 'Hello', { function: imported, ...props }), message);
  });
});

describe('deploymentConfig', () => {
  test('adds a CodeDeploy deployment group on the alias "live" that rolls back on failure and on any of the alarms', () => {
    const stack = newStack();
    const api = hello(stack, { deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, alarms: {} });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live' });
    template.resourceCountIs('AWS::CodeDeploy::Application', 1);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      AlarmConfiguration: {
        Enabled: true,
        Alarms: api.alarms.map((alarm) => ({ Name: { Ref: logicalIdOf(alarm) } })),
      },
      AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
    });
    // CloudFormation hands the alias's updates to CodeDeploy.
    template.hasResource('AWS::Lambda::Alias', {
      UpdatePolicy: {
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: { Ref: Match.stringLikeRegexp('^HelloDeploymentGroupApplication') },
          DeploymentGroupName: { Ref: logicalIdOf(api.deploymentGroup!) },
        },
      },
    });
    expect(api.alarms).toHaveLength(4);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('uses the alias name given', () => {
    const stack = newStack();
    hello(stack, { alias: 'prod', deploymentConfig: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Alias', { Name: 'prod' });
    Template.fromStack(stack).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
  });

  test('without alarms it warns that only a failed deployment rolls back', () => {
    const stack = newStack();
    hello(stack, { deploymentConfig: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE });
    Annotations.fromStack(stack).hasWarning('/TestStack/Hello', Match.stringLikeRegexp('deploymentConfig without alarms: .* rolls back only when the deployment fails'));
    Template.fromStack(stack).hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE'] },
    });
  });

  test('works with a lambda.Function of the app given as function', () => {
    const stack = newStack();
    const fn = userFunction(stack);
    const api = new GravitonHttpLambdaApi(stack, 'Hello', { function: fn, deploymentConfig: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE, alarms: {} });
    Template.fromStack(stack).resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 1);
    expect(api.alias!.version).toBe(fn.currentVersion);
  });
});

describe('alarms', () => {
  test('{} creates the four alarms with their default thresholds, 1-minute periods, and no data as OK', () => {
    const stack = newStack();
    const api = hello(stack, { alarms: {} });
    const apiId = logicalIdOf(api.httpApi);
    const functionRef = { Ref: logicalIdOf(api.function) };
    const oneMinuteIdleIsOk = { EvaluationPeriods: 1, TreatMissingData: 'notBreaching' };

    expect(alarmProps(stack, 'ServerErrorRateAlarm')).toMatchObject({
      ...oneMinuteIdleIsOk,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: expect.arrayContaining([
        expect.objectContaining({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' }),
        expect.objectContaining({ Id: 'errors', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }] }), Period: 60, Stat: 'Sum' }) }),
        expect.objectContaining({ Id: 'requests', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'Count' }), Period: 60, Stat: 'Sum' }) }),
      ]),
    });
    // 80% of the default 3-second function timeout.
    expect(alarmProps(stack, 'IntegrationLatencyAlarm')).toMatchObject({
      ...oneMinuteIdleIsOk, MetricName: 'IntegrationLatency', ExtendedStatistic: 'p99', Period: 60, Threshold: 2400, ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarmProps(stack, 'FunctionErrorsAlarm')).toMatchObject({
      ...oneMinuteIdleIsOk,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'FunctionName', Value: functionRef }],
    });
    expect(alarmProps(stack, 'ThrottlesAlarm')).toMatchObject({
      ...oneMinuteIdleIsOk,
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'FunctionName', Value: functionRef }],
    });
    expect(api.alarms.map((alarm) => alarm.node.id)).toEqual(['ServerErrorRateAlarm', 'IntegrationLatencyAlarm', 'FunctionErrorsAlarm', 'ThrottlesAlarm']);
    for (const name of ['ServerErrorRateAlarm', 'IntegrationLatencyAlarm', 'FunctionErrorsAlarm', 'ThrottlesAlarm']) {
      expect(alarmProps(stack, name).AlarmActions).toBeUndefined();
    }
  });

  test('each threshold and period is the one given', () => {
    const stack = newStack();
    hello(stack, {
      alarms: {
        serverErrorRateThreshold: 5,
        serverErrorRatePeriod: Duration.minutes(5),
        integrationLatencyThreshold: Duration.millis(750),
        integrationLatencyPeriod: Duration.minutes(2),
        functionErrorsThreshold: 10,
        functionErrorsPeriod: Duration.minutes(3),
        throttlesThreshold: 20,
        throttlesPeriod: Duration.hours(1),
      },
    });
    const rate = alarmProps(stack, 'ServerErrorRateAlarm');
    expect(rate.Threshold).toBe(5);
    expect(rate.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period)).toEqual([300, 300]);
    expect(alarmProps(stack, 'IntegrationLatencyAlarm')).toMatchObject({ Threshold: 750, Period: 120 });
    expect(alarmProps(stack, 'FunctionErrorsAlarm')).toMatchObject({ Threshold: 10, Period: 180 });
    expect(alarmProps(stack, 'ThrottlesAlarm')).toMatchObject({ Threshold: 20, Period: 3600 });
  });

  test('alarmActions are on every alarm, and more can be added to the exposed alarms', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    const api = hello(stack, { alarms: { alarmActions: [{ bind: () => ({ alarmActionArn: topic.topicArn }) }] } });
    const extra = { bind: () => ({ alarmActionArn: 'arn:aws:sns:eu-west-1:123456789012:extra' }) };
    api.alarms[2].addAlarmAction(extra);
    // And on a dashboard.
    new cloudwatch.Dashboard(stack, 'Dashboard', { widgets: [api.alarms.map((alarm) => new cloudwatch.AlarmWidget({ alarm }))] });
    const topicRef = { Ref: logicalIdOf(topic) };
    expect(alarmProps(stack, 'ServerErrorRateAlarm').AlarmActions).toEqual([topicRef]);
    expect(alarmProps(stack, 'IntegrationLatencyAlarm').AlarmActions).toEqual([topicRef]);
    expect(alarmProps(stack, 'FunctionErrorsAlarm').AlarmActions).toEqual([topicRef, 'arn:aws:sns:eu-west-1:123456789012:extra']);
    expect(alarmProps(stack, 'ThrottlesAlarm').AlarmActions).toEqual([topicRef]);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test.each([
    ['a 10-second function timeout', { timeout: Duration.seconds(10) }, 8000],
    ['a 60-second function timeout (the 30-second integration timeout is shorter)', { timeout: Duration.seconds(60) }, 24000],
  ])('the latency threshold is 80%% of %s', (_name, props, threshold) => {
    const stack = newStack();
    hello(stack, { ...props, alarms: {} });
    expect(alarmProps(stack, 'IntegrationLatencyAlarm').Threshold).toBe(threshold);
  });

  test('with a lambda.Function of the app the latency threshold follows its timeout; with an imported one, the integration\'s 30 seconds', () => {
    const own = newStack();
    new GravitonHttpLambdaApi(own, 'Hello', { function: userFunction(own, { timeout: Duration.seconds(5) }), alarms: {} });
    expect(alarmProps(own, 'IntegrationLatencyAlarm').Threshold).toBe(4000);

    const imported = newStack();
    const fn = lambda.Function.fromFunctionArn(imported, 'Imported', 'arn:aws:lambda:eu-west-1:123456789012:function:existing');
    const api = new GravitonHttpLambdaApi(imported, 'Hello', { function: fn, alarms: {} });
    expect(alarmProps(imported, 'IntegrationLatencyAlarm').Threshold).toBe(24000);
    expect(alarmProps(imported, 'FunctionErrorsAlarm').Dimensions).toEqual([{ Name: 'FunctionName', Value: 'existing' }]);
    expect(api.alarms).toHaveLength(4);
  });

  test.each([
    [{ serverErrorRateThreshold: 0 }, /alarms.serverErrorRateThreshold 0: must be a percentage of requests, more than 0 and at most 100/],
    [{ serverErrorRateThreshold: 101 }, /alarms.serverErrorRateThreshold 101: must be a percentage/],
    [{ functionErrorsThreshold: 0 }, /alarms.functionErrorsThreshold 0: must be a whole number, at least 1/],
    [{ throttlesThreshold: 1.5 }, /alarms.throttlesThreshold 1.5: must be a whole number, at least 1/],
    [{ integrationLatencyThreshold: Duration.seconds(31) }, /alarms.integrationLatencyThreshold 31 seconds: must be from 1 millisecond to 30 seconds/],
    [{ serverErrorRatePeriod: Duration.seconds(30) }, /alarms.serverErrorRatePeriod 30 seconds: must be a whole number of minutes from 1 minute to 1 day/],
    [{ integrationLatencyPeriod: Duration.seconds(90) }, /alarms.integrationLatencyPeriod 1 minute 30 seconds: must be a whole number of minutes/],
    [{ functionErrorsPeriod: Duration.days(2) }, /alarms.functionErrorsPeriod 2 days: must be a whole number of minutes from 1 minute to 1 day/],
    [{ throttlesPeriod: Duration.seconds(0) }, /alarms.throttlesPeriod 0 seconds: must be/],
  ])('alarms %o is refused before any child is created', (alarms, message) => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { alarms }), message);
  });
});

describe('tracing', () => {
  test.each([lambda.Tracing.ACTIVE, lambda.Tracing.PASS_THROUGH])('%s sets the mode and lets the execution role send traces, in its own inline policy and no other resource', (tracing) => {
    const stack = newStack();
    const api = hello(stack, { tracing });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: tracing } });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        Match.objectLike({ PolicyName: 'WriteLogs' }),
        {
          PolicyName: 'WriteTraces',
          PolicyDocument: Match.objectLike({
            Statement: [{ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' }],
          }),
        },
      ],
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(9);
    expect(api.executionRole).toBeDefined();
  });

  test.each([
    ['by default', {}],
    ['with DISABLED', { tracing: lambda.Tracing.DISABLED }],
  ])('%s there is no tracing mode and no X-Ray permission', (_name, props) => {
    const stack = newStack();
    hello(stack, props);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }),
      Policies: [Match.objectLike({ PolicyName: 'WriteLogs' })],
    });
  });

  test('a tracing mode outside lambda.Tracing is refused', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { tracing: 'Sometimes' as lambda.Tracing }), /tracing "Sometimes": must be one of lambda.Tracing \(Active, PassThrough, Disabled\)/);
  });
});

describe('structured logs', () => {
  test('the function logs JSON by default, to the same log group', () => {
    const stack = newStack();
    const api = hello(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalIdOf(api.functionLogGroup!) }, ApplicationLogLevel: Match.absent(), SystemLogLevel: Match.absent() },
    });
  });

  test('loggingFormat TEXT keeps plain text lines', () => {
    const stack = newStack();
    hello(stack, { loggingFormat: lambda.LoggingFormat.TEXT });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogFormat: 'Text', LogGroup: Match.anyValue() } });
  });

  test('applicationLogLevel and systemLogLevel set the levels of JSON logs', () => {
    const stack = newStack();
    hello(stack, { applicationLogLevel: lambda.ApplicationLogLevel.DEBUG, systemLogLevel: lambda.SystemLogLevel.WARN });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN', LogGroup: Match.anyValue() },
    });
  });

  test.each([
    [{ applicationLogLevel: lambda.ApplicationLogLevel.ERROR }, /^applicationLogLevel: log levels apply to JSON logs only, and loggingFormat is Text; remove it or use lambda.LoggingFormat.JSON$/],
    [{ systemLogLevel: lambda.SystemLogLevel.DEBUG, applicationLogLevel: lambda.ApplicationLogLevel.ERROR }, /^applicationLogLevel and systemLogLevel: .* remove them/],
  ])('log levels with TEXT logs are refused: %o', (props, message) => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { loggingFormat: lambda.LoggingFormat.TEXT, ...props }), message);
  });

  test('a log level outside the enum is refused', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { systemLogLevel: 'LOUD' as lambda.SystemLogLevel }), /systemLogLevel "LOUD": must be one of INFO, DEBUG, WARN/);
  });
});

describe('concurrency', () => {
  test('reservedConcurrentExecutions reserves concurrency on the function', () => {
    const stack = newStack();
    hello(stack, { reservedConcurrentExecutions: 25 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 25 });
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Alias', 0);
  });

  test('reservedConcurrentExecutions 0 is a warning: every request would be answered 500', () => {
    const stack = newStack();
    hello(stack, { reservedConcurrentExecutions: 0 });
    Annotations.fromStack(stack).hasWarning('/TestStack/Hello', Match.stringLikeRegexp('reservedConcurrentExecutions 0: Lambda throttles every invocation'));
  });

  test('provisionedConcurrentExecutions provisions the alias "live", which the integration invokes', () => {
    const stack = newStack();
    const api = hello(stack, { provisionedConcurrentExecutions: 3 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: { Ref: logicalIdOf(api.alias!) } });
  });

  test.each([
    [{ reservedConcurrentExecutions: -1 }, /reservedConcurrentExecutions -1: must be a whole number of executions, at least 0/],
    [{ reservedConcurrentExecutions: 2.5 }, /reservedConcurrentExecutions 2.5: must be a whole number/],
    [{ provisionedConcurrentExecutions: 0 }, /provisionedConcurrentExecutions 0: must be a whole number of environments, at least 1/],
    [{ reservedConcurrentExecutions: 5, provisionedConcurrentExecutions: 6 }, /provisionedConcurrentExecutions 6: more than reservedConcurrentExecutions 5/],
  ])('%o is refused before any child is created', (props, message) => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, props), message);
  });
});

describe('with an existing function', () => {
  test.each([
    ['tracing', { tracing: lambda.Tracing.ACTIVE }],
    ['loggingFormat', { loggingFormat: lambda.LoggingFormat.JSON }],
    ['applicationLogLevel', { applicationLogLevel: lambda.ApplicationLogLevel.INFO }],
    ['systemLogLevel', { systemLogLevel: lambda.SystemLogLevel.INFO }],
    ['reservedConcurrentExecutions', { reservedConcurrentExecutions: 5 }],
  ])('%s shapes a function the construct creates, so it is refused, named', (prop, props) => {
    const stack = newStack();
    const fn = userFunction(stack);
    expectRefusedBeforeAnyChild(stack, () => new GravitonHttpLambdaApi(stack, 'Hello', { function: fn, ...props }),
      new RegExp(`^function: cannot be combined with ${prop}; these only shape a function the construct creates`));
  });
});

describe('resource budget with every operations option on', () => {
  test.each([1, 10, 100, 300])('%i routes: 17 + N resources (8 + N, a version and an alias, 4 alarms, a CodeDeploy application, deployment group and service role)', (n) => {
    const stack = newStack();
    hello(stack, { ...ALL_OPERATIONS, routeKeys: Array.from({ length: n }, (_, i) => `GET /items${i}`) });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(17 + n);
    template.resourceCountIs('AWS::Lambda::Version', 1);
    template.resourceCountIs('AWS::Lambda::Alias', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.resourceCountIs('AWS::CodeDeploy::Application', 1);
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 1);
    template.resourceCountIs('AWS::IAM::Role', 3);
    template.resourceCountIs('AWS::Lambda::Permission', 0);
  });
});

test('unresolved tokens in the numeric props are passed through unchecked', () => {
  const stack = newStack();
  const threshold = Token.asNumber({ Ref: 'Threshold' });
  hello(stack, {
    alias: Token.asString({ Ref: 'AliasName' }),
    reservedConcurrentExecutions: Token.asNumber({ Ref: 'Reserved' }),
    alarms: { serverErrorRateThreshold: threshold, functionErrorsThreshold: threshold, throttlesThreshold: threshold },
  });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Alias', { Name: { Ref: 'AliasName' } });
  template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: { Ref: 'Reserved' } });
  expect(alarmProps(stack, 'ThrottlesAlarm').Threshold).toEqual({ Ref: 'Threshold' });
});
