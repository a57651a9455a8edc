import { App, CfnElement, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { HELLO_CODE, expectRefusedBeforeAnyChild, hello, newStack } from './api-test-helpers';
import { LAMBDA_POLICY_LIMIT_BYTES, lambdaPolicyBytes } from './lambda-policy-size';
import { GravitonHttpLambdaApi, GravitonHttpLambdaApiProps, InvokePermissionMode } from '../src';
import { SYNTHESIS_DATE_CONTEXT } from '../src/private/synthesis-date';

function logicalIdOf(stack: Stack, type: string): string {
  const ids = Object.keys(Template.fromStack(stack).findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function routeCount(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `GET /items${i}/{id}`);
}

describe('defaults', () => {
  test('reproduce the reference stack (arm64 Python function, HTTP API, $default stage, AWS_PROXY integration with an invoke role, GET /) with least privilege and logs', () => {
    const stack = newStack();
    hello(stack);
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: 'python3.14',
      Handler: 'index.lambda_handler',
      Code: { ZipFile: Match.stringLikeRegexp('Hello form Awstut !') },
    });
    // The execution role writes to the function's own log group and does nothing else
    // (the reference stack's AWSLambdaBasicExecutionRole allows logs:* actions on every group).
    const functionLogGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith('HelloFunctionLogGroup'))!;
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
      Policies: [{
        PolicyName: 'WriteLogs',
        PolicyDocument: Match.objectLike({
          Statement: [{
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [functionLogGroupId, 'Arn'] },
          }],
        }),
      }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: functionLogGroupId } } });
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', Name: 'Hello' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HelloAccessLogGroup'), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });

    const functionId = logicalIdOf(stack, 'AWS::Lambda::Function');
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } })],
      }),
      Policies: [{
        PolicyName: 'InvokeFunction',
        PolicyDocument: Match.objectLike({
          Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [functionId, 'Arn'] } }],
        }),
      }],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationMethod: 'POST',
      ConnectionType: 'INTERNET',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
      CredentialsArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HelloInvokeRole'), 'Arn'] },
    });
    const integrationId = logicalIdOf(stack, 'AWS::ApiGatewayV2::Integration');
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    // The reference stack's seven resources plus the two log groups, nothing more.
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(9);
  });

  test('expose every child they create and the stage URL, also as a stack output', () => {
    const stack = newStack();
    const api = hello(stack);

    expect(api.function).toBeInstanceOf(lambda.Function);
    expect(api.httpApi).toBeInstanceOf(apigwv2.HttpApi);
    expect(api.stage).toBeInstanceOf(apigwv2.HttpStage);
    expect(api.stage.stageName).toBe('$default');
    expect(api.integration).toBeInstanceOf(apigwv2.HttpIntegration);
    expect(api.invokeRole).toBeDefined();
    expect(api.invokePermission).toBeUndefined();
    expect(api.routeKeys).toEqual(['GET /']);

    const url = stack.resolve(api.url);
    const parts = url['Fn::Join'][1];
    expect(parts[0]).toBe('https://');
    expect(parts[parts.length - 1]).toBe('/');
    Template.fromStack(stack).hasOutput('*', { Value: url });
  });
});

describe('props that change the template', () => {
  test('runtime sets the function runtime', () => {
    const stack = newStack();
    hello(stack, { runtime: lambda.Runtime.PYTHON_3_13 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'python3.13' });
  });

  test('architecture X86_64 sets the function architecture', () => {
    const stack = newStack();
    hello(stack, { architecture: lambda.Architecture.X86_64 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Architectures: ['x86_64'] });
  });

  test('memorySize, timeout, environment and description shape the function', () => {
    const stack = newStack();
    hello(stack, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: { GREETING: 'hi' },
      description: 'says hello',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 10,
      Environment: { Variables: { GREETING: 'hi' } },
      Description: 'says hello',
    });
  });

  test('routeKeys create one route per key, all targeting the one integration', () => {
    const stack = newStack();
    hello(stack, { routeKeys: ['GET /', 'POST /items/{id}', 'ANY /files/{proxy+}', '$default'] });
    const template = Template.fromStack(stack);
    const integrationId = logicalIdOf(stack, 'AWS::ApiGatewayV2::Integration');
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 4);
    for (const routeKey of ['GET /', 'POST /items/{id}', 'ANY /files/{proxy+}', '$default']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      });
    }
  });

  test('grants invoke through one resource-policy statement scoped to this API when permissionMode is RESOURCE_POLICY', () => {
    const stack = newStack();
    const api = hello(stack, { permissionMode: InvokePermissionMode.RESOURCE_POLICY, routeKeys: ['GET /', 'GET /a', 'POST /b'] });
    const template = Template.fromStack(stack);
    const functionId = logicalIdOf(stack, 'AWS::Lambda::Function');
    const apiId = logicalIdOf(stack, 'AWS::ApiGatewayV2::Api');

    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      SourceArn: {
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':',
          { Ref: apiId }, '/*',
        ]],
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { CredentialsArn: Match.absent() });
    // Only the execution role is left.
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(api.invokeRole).toBeUndefined();
    expect(api.invokePermission).toBeDefined();
  });

  test('payloadFormatVersion 1.0 sets the integration payload format', () => {
    const stack = newStack();
    hello(stack, { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_1_0 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: '1.0' });
  });

  test('apiName names the HTTP API', () => {
    const stack = newStack();
    hello(stack, { apiName: 'greetings' });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'greetings' });
  });

  test('an existing function is used as it is: no function and no execution role are created', () => {
    const stack = newStack();
    const existing = lambda.Function.fromFunctionArn(stack, 'Existing', 'arn:aws:lambda:us-east-1:123456789012:function:existing');
    const api = new GravitonHttpLambdaApi(stack, 'Hello', { function: existing });
    const template = Template.fromStack(stack);

    expect(api.function).toBe(existing);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::IAM::Role', 1); // the invoke role only
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:existing',
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [Match.objectLike({
        PolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Resource: 'arn:aws:lambda:us-east-1:123456789012:function:existing' })],
        }),
      })],
    });
  });

  test('an existing function in RESOURCE_POLICY mode gets the one permission', () => {
    const stack = newStack();
    const existing = lambda.Function.fromFunctionArn(stack, 'Existing', 'arn:aws:lambda:us-east-1:123456789012:function:existing');
    new GravitonHttpLambdaApi(stack, 'Hello', { function: existing, permissionMode: InvokePermissionMode.RESOURCE_POLICY });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:existing',
    });
  });

  test('throttle sets the $default stage\'s default route limits', () => {
    const stack = newStack();
    hello(stack, { throttle: { rateLimit: 100, burstLimit: 50 } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 },
    });
  });

  test('cors sets the HTTP API\'s CORS configuration', () => {
    const stack = newStack();
    hello(stack, {
      cors: {
        allowOrigins: ['https://example.com'],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
        allowHeaders: ['content-type'],
        maxAge: Duration.minutes(10),
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: { AllowOrigins: ['https://example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'], MaxAge: 600 },
    });
  });

  test('without throttle the stage sets no limits of its own', () => {
    const stack = newStack();
    hello(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.absent() });
  });

  test('unresolved route keys are passed through unchecked', () => {
    const stack = newStack();
    const key = Lazy.string({ produce: () => 'GET /late' });
    hello(stack, { routeKeys: [key, 'GET /'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /late' });
  });
});

describe('bad props fail synthesis with a message naming the prop, the value and what is accepted', () => {
  test.each<[string, Partial<GravitonHttpLambdaApiProps>, RegExp]>([
    ['no function source', { code: undefined, handler: undefined }, /code and handler, or function: one is required/],
    ['handler without code', { code: undefined }, /handler "index.lambda_handler": code is required/],
    ['code without handler', { handler: undefined }, /handler: required with code/],
    ['inline code with a handler outside index', { handler: 'app.handler' }, /handler "app.handler": inline code is saved as index.py/],
    ['memorySize below 128', { memorySize: 64 }, /memorySize 64: must be a whole number of MiB from 128 to 10240/],
    ['memorySize above 10240', { memorySize: 20000 }, /memorySize 20000/],
    ['timeout above 15 minutes', { timeout: Duration.minutes(16) }, /timeout 16 minutes: must be a whole number of seconds from 1 second to 15 minutes/],
    ['timeout below 1 second', { timeout: Duration.millis(500) }, /timeout 500 millis/],
    ['a reserved environment variable', { environment: { AWS_REGION: 'eu-west-1' } }, /environment "AWS_REGION": reserved by Lambda/],
    ['an environment variable name Lambda refuses', { environment: { 'MY-VAR': 'x' } }, /environment "MY-VAR": names must start with a letter/],
    ['a description over 256 characters', { description: 'x'.repeat(257) }, /description: 257 characters; Lambda accepts at most 256/],
    ['an empty routeKeys list', { routeKeys: [] }, /routeKeys: must not be empty/],
    ['an unknown method', { routeKeys: ['GET /', 'FETCH /x'] }, /routeKeys\[1\] "FETCH \/x": method "FETCH" must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY/],
    ['a duplicate route key', { routeKeys: ['GET /', 'POST /a', 'GET /'] }, /routeKeys\[2\] "GET \/": duplicate of routeKeys\[0\]/],
    ['a payload format other than 1.0 and 2.0', { payloadFormatVersion: apigwv2.PayloadFormatVersion.custom('3.0') }, /payloadFormatVersion "3.0": must be 1.0 or 2.0/],
    ['a throttle rate of 0', { throttle: { rateLimit: 0, burstLimit: 10 } }, /throttle.rateLimit 0: must be more than 0 requests per second \(0 would answer every request 429\)/],
    ['a throttle burst of 0', { throttle: { rateLimit: 10, burstLimit: 0 } }, /throttle.burstLimit 0: must be a whole number of requests, at least 1/],
    ['a fractional throttle burst', { throttle: { rateLimit: 10, burstLimit: 1.5 } }, /throttle.burstLimit 1.5/],
    ['CORS credentials for any origin', { cors: { allowOrigins: ['*'], allowCredentials: true } }, /cors: allowCredentials cannot be combined with allowOrigins \["\*"\]/],
    ['a runtime without arm64 support', { runtime: lambda.Runtime.JAVA_8 }, /runtime java8 does not run on arm64 \(Graviton\)/],
    ['a runtime Lambda no longer accepts', { runtime: lambda.Runtime.NODEJS_12_X, architecture: lambda.Architecture.X86_64 }, /runtime nodejs12.x: Lambda no longer accepts it for new functions/],
  ])('%s', (_name, props, message) => {
    const stack = newStack();
    expect(() => hello(stack, props)).toThrow(message);
    // Nothing was created: the construct exists but has no children.
    expect(stack.node.findChild('Hello').node.children).toHaveLength(0);
  });

  test('an existing function combined with function knobs names each knob given', () => {
    const stack = newStack();
    const existing = lambda.Function.fromFunctionArn(stack, 'Existing', 'arn:aws:lambda:us-east-1:123456789012:function:existing');
    expect(() => new GravitonHttpLambdaApi(stack, 'Hello', {
      function: existing, code: HELLO_CODE, memorySize: 256, runtime: lambda.Runtime.PYTHON_3_13,
    })).toThrow(/function: cannot be combined with code, runtime, memorySize/);
    expect(stack.node.findChild('Hello').node.children).toHaveLength(0);
  });

  test('a permissionMode outside the enum is refused', () => {
    const stack = newStack();
    expect(() => hello(stack, { permissionMode: 'BOTH' as InvokePermissionMode }))
      .toThrow(/permissionMode "BOTH": must be one of ROLE, RESOURCE_POLICY/);
  });
});

describe('runtime lifecycle, checked on the day of synthesis', () => {
  afterEach(() => jest.useRealTimers());

  test('a deprecated runtime is a warning that says when Lambda stops accepting it', () => {
    const stack = newStack('2026-11-25');
    hello(stack, { runtime: lambda.Runtime.PYTHON_3_10 });
    Annotations.fromStack(stack).hasWarning('/TestStack/Hello',
      Match.stringLikeRegexp('runtime python3.10 is deprecated since 2026-10-31.*refuses new functions with it from 2027-02-01'));
  });

  test('the same runtime is an error once Lambda blocks creating functions with it', () => {
    const stack = newStack('2027-02-01');
    expect(() => hello(stack, { runtime: lambda.Runtime.PYTHON_3_10 }))
      .toThrow(/runtime python3.10: Lambda no longer accepts it for new functions since 2027-02-01/);
  });

  test('without the synthesis date in the context, the day of synthesis is today (UTC)', () => {
    jest.useFakeTimers({ now: new Date('2027-02-01T00:00:00Z') });
    const stack = new Stack(new App(), 'TestStack');
    expect(() => hello(stack, { runtime: lambda.Runtime.PYTHON_3_10 })).toThrow(/no longer accepts it for new functions since 2027-02-01/);
  });

  test.each(['2027-02-30', '1 Feb 2027', '20270201'])('a synthesis date of %s is refused, naming the context key and the format', (date) => {
    const stack = newStack(date);
    expect(() => hello(stack)).toThrow(`context ${SYNTHESIS_DATE_CONTEXT} "${date}": must be a date as YYYY-MM-DD`);
    expect(stack.node.findChild('Hello').node.children).toHaveLength(0);
  });

  test('a Python runtime this library does not know is a warning', () => {
    const stack = newStack();
    hello(stack, { runtime: new lambda.Runtime('python3.99', lambda.RuntimeFamily.PYTHON, { supportsInlineCode: true }) });
    Annotations.fromStack(stack).hasWarning('/TestStack/Hello',
      Match.stringLikeRegexp('runtime python3.99 is not one this library knows Lambda accepts'));
  });

  test('the default runtime gives no warning', () => {
    const stack = newStack();
    hello(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });
});

test('a timeout longer than the 30 s integration limit is a warning', () => {
  const stack = newStack();
  hello(stack, { timeout: Duration.minutes(1) });
  Annotations.fromStack(stack).hasWarning('/TestStack/Hello',
    Match.stringLikeRegexp('timeout 1 minute: API Gateway answers 503 after 30 seconds'));
});

test('throttle limits above the account\'s are a warning', () => {
  const stack = newStack();
  hello(stack, { throttle: { rateLimit: 20_000, burstLimit: 100 } });
  Annotations.fromStack(stack).hasWarning('/TestStack/Hello', Match.stringLikeRegexp('throttle 20000/s burst 100: above the account\'s limits'));
});

describe('metrics', () => {
  test.each<[string, (api: GravitonHttpLambdaApi) => cloudwatch.Metric, string, string, string]>([
    ['metricLatency', (api) => api.metricLatency(), 'AWS/ApiGateway', 'Latency', 'Average'],
    ['metricServerErrors', (api) => api.metricServerErrors(), 'AWS/ApiGateway', '5xx', 'Sum'],
    ['metricClientErrors', (api) => api.metricClientErrors(), 'AWS/ApiGateway', '4xx', 'Sum'],
    ['metricRequests', (api) => api.metricRequests(), 'AWS/ApiGateway', 'Count', 'Sum'],
    ['metricInvocations', (api) => api.metricInvocations(), 'AWS/Lambda', 'Invocations', 'Sum'],
    ['metricThrottles', (api) => api.metricThrottles(), 'AWS/Lambda', 'Throttles', 'Sum'],
    ['metricIntegrationLatency', (api) => api.metricIntegrationLatency(), 'AWS/ApiGateway', 'IntegrationLatency', 'Average'],
    ['metricFunctionErrors', (api) => api.metricFunctionErrors(), 'AWS/Lambda', 'Errors', 'Sum'],
  ])('%s is %s %s with statistic %s by default, for this API or function', (_name, metricOf, namespace, metricName, statistic) => {
    const stack = newStack();
    const api = hello(stack);
    const metric = metricOf(api);
    expect(metric.namespace).toBe(namespace);
    expect(metric.metricName).toBe(metricName);
    expect(metric.statistic).toBe(statistic);
    const dimensions = stack.resolve(metric.dimensions);
    if (namespace === 'AWS/ApiGateway') {
      expect(dimensions).toEqual({ ApiId: { Ref: stack.getLogicalId(api.httpApi.node.defaultChild as CfnElement) } });
    } else {
      expect(dimensions).toEqual({ FunctionName: { Ref: stack.getLogicalId(api.function.node.defaultChild as CfnElement) } });
    }
  });

  test('options override the default statistic and period', () => {
    const api = hello(newStack());
    const metric = api.metricLatency({ statistic: 'p99', period: Duration.minutes(1) });
    expect(metric.statistic).toBe('p99');
    expect(metric.period.toMinutes()).toBe(1);
  });
});

describe('addRoutes', () => {
  test('adds one route per key on the shared integration, which keeps its logical id', () => {
    const stack = newStack();
    const api = hello(stack);
    const integrationBefore = stack.getLogicalId(api.integration.node.defaultChild as CfnElement);

    api.addRoutes('POST /items', 'DELETE /items/{id}');

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 3);
    expect(logicalIdOf(stack, 'AWS::ApiGatewayV2::Integration')).toBe(integrationBefore);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'DELETE /items/{id}',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationBefore }]] },
    });
    expect(api.routeKeys).toEqual(['GET /', 'POST /items', 'DELETE /items/{id}']);
  });

  test('refuses a key the API already has, and creates none of the keys given with it', () => {
    const stack = newStack();
    const api = hello(stack, { routeKeys: ['GET /', 'POST /items'] });
    expect(() => api.addRoutes('PUT /items', 'POST /items'))
      .toThrow(/addRoutes routeKeys\[1\] "POST \/items": the API already has this route/);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Route', 2);
  });

  test('refuses an invalid key with what is accepted', () => {
    const stack = newStack();
    const api = hello(stack);
    expect(() => api.addRoutes('GET items')).toThrow(/addRoutes routeKeys\[0\] "GET items": path "items" must start with "\/"/);
  });

  test('refuses an empty call', () => {
    const stack = newStack();
    const api = hello(stack);
    expect(() => api.addRoutes()).toThrow(/addRoutes: give at least one route key/);
  });
});

test('reordering routes replaces nothing: every logical id stays the same', () => {
  const ids = (routeKeys: string[]) => {
    const stack = newStack();
    hello(stack, { routeKeys });
    return Object.keys(Template.fromStack(stack).toJSON().Resources).sort();
  };
  expect(ids(['GET /', 'POST /items', 'GET /items/{id}'])).toEqual(ids(['GET /items/{id}', 'GET /', 'POST /items']));
});

describe('resource budget', () => {
  test.each([1, 10, 100, 300])('ROLE mode with %i routes: 8 + N resources and no Lambda permission', (n) => {
    const stack = newStack();
    hello(stack, { routeKeys: routeCount(n) });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(8 + n);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', n);
    template.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test.each([1, 10, 100, 300])('RESOURCE_POLICY mode with %i routes: 8 + N resources and exactly one Lambda permission', (n) => {
    const stack = newStack();
    hello(stack, { routeKeys: routeCount(n), permissionMode: InvokePermissionMode.RESOURCE_POLICY });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(8 + n);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', n);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
  });

  test('more routes than the API Gateway quota of 300 is a warning', () => {
    const stack = newStack();
    const api = hello(stack, { routeKeys: routeCount(300) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
    api.addRoutes('GET /one-more');
    Annotations.fromStack(stack).hasWarning('/TestStack/Hello', Match.stringLikeRegexp('301 routes: API Gateway accepts 300 routes per API'));
  });

  test('at 300 routes our resource policy stays one statement; aws-cdk\'s HttpLambdaIntegration passes Lambda\'s 20 KB policy limit at 100', () => {
    const ours = newStack();
    hello(ours, { routeKeys: routeCount(300), permissionMode: InvokePermissionMode.RESOURCE_POLICY });
    const ourSizes = Object.values(lambdaPolicyBytes(Template.fromStack(ours).toJSON() as any));
    expect(ourSizes).toHaveLength(1);
    expect(ourSizes[0]).toBeLessThan(1_000);

    // aws-cdk's L2 adds one permission per route.
    const theirs = cdkL2Stack(100);
    const template = Template.fromStack(theirs);
    template.resourceCountIs('AWS::Lambda::Permission', 100);
    const [theirSize] = Object.values(lambdaPolicyBytes(template.toJSON() as any));
    expect(theirSize).toBeGreaterThan(LAMBDA_POLICY_LIMIT_BYTES);
    // And at 300 routes it does not even fit in one stack.
    expect(() => Template.fromStack(cdkL2Stack(300))).toThrow(/greater than allowed maximum of 500/);
  });
});

/** The same API built with aws-cdk's HttpApi and HttpLambdaIntegration, for comparison. */
function cdkL2Stack(routes: number): Stack {
  const stack = newStack();
  const fn = new lambda.Function(stack, 'Function', {
    code: HELLO_CODE, handler: 'index.lambda_handler', runtime: lambda.Runtime.PYTHON_3_14,
  });
  const httpApi = new apigwv2.HttpApi(stack, 'HttpApi');
  const integration = new HttpLambdaIntegration('Integration', fn);
  for (const routeKey of routeCount(routes)) {
    const [method, path] = routeKey.split(' ');
    httpApi.addRoutes({ path, methods: [method as apigwv2.HttpMethod], integration });
  }
  return stack;
}

describe('routeThrottle', () => {
  test('sets the stage\'s RouteSettings for each route named, and the stage waits for those routes', () => {
    const stack = newStack();
    const api = hello(stack, {
      routeKeys: ['GET /', 'POST /items', 'DELETE /items/{id}'],
      routeThrottle: { 'POST /items': { rateLimit: 10, burstLimit: 5 }, 'DELETE /items/{id}': { rateLimit: 1, burstLimit: 1 } },
    });
    const template = Template.fromStack(stack);
    const routeIds = (keys: string[]) => keys.map((key) => stack.getLogicalId(api.node.findChild(`Route ${key}`) as CfnElement));

    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    // Only the routes named get settings of their own.
    expect(Object.keys(stages[0].Properties.RouteSettings)).toEqual(['POST /items', 'DELETE /items/{id}']);
    expect(stages[0].DependsOn).toEqual(expect.arrayContaining(routeIds(['POST /items', 'DELETE /items/{id}'])));
    expect(stages[0].DependsOn).not.toContain(routeIds(['GET /'])[0]);
    // The stage-wide limits are not touched.
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.absent() });
  });

  test('writes each route\'s limits with CloudFormation\'s property names', () => {
    const stack = newStack();
    hello(stack, { routeKeys: ['GET /', 'POST /items'], routeThrottle: { 'POST /items': { rateLimit: 10, burstLimit: 5 } } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      RouteSettings: { 'POST /items': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5 } },
    });
  });

  test('works with throttle: the stage limits in DefaultRouteSettings, the named routes\' in RouteSettings', () => {
    const stack = newStack();
    hello(stack, {
      routeKeys: ['GET /', 'POST /items'],
      throttle: { rateLimit: 100, burstLimit: 50 },
      routeThrottle: { 'POST /items': { rateLimit: 10, burstLimit: 5 } },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 },
      RouteSettings: { 'POST /items': Match.anyValue() },
    });
  });

  test('an empty routeThrottle writes no RouteSettings', () => {
    const stack = newStack();
    hello(stack, { routeThrottle: {} });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { RouteSettings: Match.absent() });
  });

  test('a $default route may be throttled', () => {
    const stack = newStack();
    hello(stack, { routeKeys: ['$default'], routeThrottle: { $default: { rateLimit: 10, burstLimit: 5 } } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { RouteSettings: { $default: Match.anyValue() } });
  });

  test('route limits above the account\'s are a warning naming the route', () => {
    const stack = newStack();
    hello(stack, { routeKeys: ['GET /', 'POST /items'], routeThrottle: { 'POST /items': { rateLimit: 20_000, burstLimit: 100 } } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Hello',
      Match.stringLikeRegexp('routeThrottle\\["POST /items"\\] 20000/s burst 100: above the account\'s limits'));
  });

  test('an unresolved route key may be throttled like the others', () => {
    const stack = newStack();
    const key = Lazy.string({ produce: () => 'GET /late' });
    const api = hello(stack, { routeKeys: ['GET /', key], routeThrottle: { [key]: { rateLimit: 10, burstLimit: 5 } } });
    Template.fromStack(stack).hasResource('AWS::ApiGatewayV2::Stage', {
      Properties: Match.objectLike({ RouteSettings: { 'GET /late': Match.anyValue() } }),
      DependsOn: [stack.getLogicalId(api.node.findChild('RouteToken1') as CfnElement)],
    });
  });

  test.each<[string, Record<string, { rateLimit: number; burstLimit: number }>, RegExp]>([
    ['a route that is not one of routeKeys', { 'POST /missing': { rateLimit: 10, burstLimit: 5 } },
      /routeThrottle\["POST \/missing"\]: not one of routeKeys \("GET \/", "POST \/items"\); name a route the API has/],
    ['a rate of 0', { 'POST /items': { rateLimit: 0, burstLimit: 5 } },
      /routeThrottle\["POST \/items"\].rateLimit 0: must be more than 0 requests per second \(0 would answer every request 429\)/],
    ['a negative rate', { 'POST /items': { rateLimit: -1, burstLimit: 5 } }, /routeThrottle\["POST \/items"\].rateLimit -1: must be more than 0/],
    ['a burst of 0', { 'POST /items': { rateLimit: 10, burstLimit: 0 } },
      /routeThrottle\["POST \/items"\].burstLimit 0: must be a whole number of requests, at least 1 \(0 would answer every request 429\)/],
    ['a fractional burst', { 'POST /items': { rateLimit: 10, burstLimit: 2.5 } }, /routeThrottle\["POST \/items"\].burstLimit 2.5: must be a whole number of requests/],
  ])('refuses %s before creating any child', (_name, routeThrottle, message) => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { routeKeys: ['GET /', 'POST /items'], routeThrottle }), message);
  });
});

describe('functionLogGroup and logRetention', () => {
  test('a given functionLogGroup is used: no FunctionLogGroup is created and the execution role writes to the given group only', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'MyFunctionLogs', { retention: logs.RetentionDays.THREE_DAYS });
    const api = hello(stack, { functionLogGroup: logGroup, logRetention: logs.RetentionDays.ONE_WEEK });
    const template = Template.fromStack(stack);
    const logGroupId = stack.getLogicalId(logGroup.node.defaultChild as CfnElement);

    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('HelloFunctionLogGroup'))).toEqual([]);
    // The given group and the access log group.
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroupId } } });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'WriteLogs',
        PolicyDocument: Match.objectLike({
          Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } }],
        }),
      }],
    });
    // logRetention only shapes the groups the construct creates.
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3 });
    expect(api.functionLogGroup).toBe(logGroup);
  });

  test('logRetention applies to both log groups the construct creates', () => {
    const stack = newStack();
    const api = hello(stack, { logRetention: logs.RetentionDays.ONE_WEEK });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    const ids = Object.keys(template.findResources('AWS::Logs::LogGroup')).sort();
    const created = [api.accessLogGroup!, api.functionLogGroup!];
    expect(ids).toEqual(created.map((group) => stack.getLogicalId(group.node.defaultChild as CfnElement)).sort());
  });

  test('logRetention INFINITE keeps the lines forever: no RetentionInDays', () => {
    const stack = newStack();
    hello(stack, { logRetention: logs.RetentionDays.INFINITE });
    Template.fromStack(stack).allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
  });

  test('the log groups the construct creates are kept when the stack is deleted or they are replaced', () => {
    const stack = newStack();
    hello(stack);
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      expect(group).toEqual(expect.objectContaining({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }));
    }
  });

  test('a logRetention that is not one of logs.RetentionDays is refused before any child is created', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { logRetention: 2 as logs.RetentionDays }),
      /logRetention 2: must be one of logs.RetentionDays \(1, 3, 5, 7, 14, 30, ... days, or INFINITE\)/);
  });

  test('functionLogGroup with an existing function is refused before any child is created', () => {
    const stack = newStack();
    const existing = lambda.Function.fromFunctionArn(stack, 'Existing', 'arn:aws:lambda:us-east-1:123456789012:function:existing');
    const logGroup = new logs.LogGroup(stack, 'MyFunctionLogs');
    expectRefusedBeforeAnyChild(stack, () => new GravitonHttpLambdaApi(stack, 'Hello', { function: existing, functionLogGroup: logGroup }),
      /function: cannot be combined with functionLogGroup; these only shape a function the construct creates/);
  });
});

describe('disableExecuteApiEndpoint', () => {
  test('true turns off the execute-api endpoint, with a warning when no customDomain is configured', () => {
    const stack = newStack();
    hello(stack, { disableExecuteApiEndpoint: true });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    Annotations.fromStack(stack).hasWarning('/TestStack/Hello',
      Match.stringLikeRegexp('disableExecuteApiEndpoint: the default endpoint answers 404 and no customDomain is configured'));
  });

  test('by default the execute-api endpoint stays on, without a warning', () => {
    const stack = newStack();
    hello(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: Match.absent() });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });

  test('false keeps the execute-api endpoint on, without a warning', () => {
    const stack = newStack();
    hello(stack, { disableExecuteApiEndpoint: false });
    const [httpApi] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Api'));
    expect(httpApi.Properties.DisableExecuteApiEndpoint).not.toBe(true);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });
});

describe('exposed members', () => {
  test('executionRole and functionLogGroup are the function\'s role and log group, as created', () => {
    const stack = newStack();
    const api = hello(stack);
    expect(api.executionRole).toBeInstanceOf(iam.Role);
    expect((api.function as lambda.Function).role).toBe(api.executionRole);
    expect(api.functionLogGroup).toBeInstanceOf(logs.LogGroup);
    expect(stack.getLogicalId(api.functionLogGroup!.node.defaultChild as CfnElement)).toMatch(/^HelloFunctionLogGroup/);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [stack.getLogicalId(api.executionRole!.node.defaultChild as CfnElement), 'Arn'] },
    });
  });

  test('with an existing function, executionRole and functionLogGroup are undefined and no log group is created for it', () => {
    const stack = newStack();
    const existing = lambda.Function.fromFunctionArn(stack, 'Existing', 'arn:aws:lambda:us-east-1:123456789012:function:existing');
    const api = new GravitonHttpLambdaApi(stack, 'Hello', { function: existing });
    expect(api.executionRole).toBeUndefined();
    expect(api.functionLogGroup).toBeUndefined();
    // The access log group only.
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 1);
    expect(api.accessLogGroup).toBeInstanceOf(logs.LogGroup);
  });

  test('by default accessLogGroup is the created group, authorizers is empty, and domainName and domainUrl are undefined', () => {
    const stack = newStack();
    const api = hello(stack);
    expect(api.accessLogGroup).toBeInstanceOf(logs.LogGroup);
    expect(stack.getLogicalId(api.accessLogGroup!.node.defaultChild as CfnElement)).toMatch(/^HelloAccessLogGroup/);
    expect(api.authorizers).toEqual([]);
    expect(api.domainName).toBeUndefined();
    expect(api.domainUrl).toBeUndefined();
  });
});
