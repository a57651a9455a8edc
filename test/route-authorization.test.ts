import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { HELLO_CODE, authorizerFunction, expectRefusedBeforeAnyChild, hello, logicalIdOf, newStack } from './api-test-helpers';
import { GravitonHttpLambdaApi, InvokePermissionMode, RouteAuthorization, RouteAuthorizationType } from '../src';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example';

function jwt(props: Partial<Parameters<typeof RouteAuthorization.jwt>[0]> = {}): RouteAuthorization {
  return RouteAuthorization.jwt({ issuer: ISSUER, audience: ['client-id'], ...props });
}

/** The route with `routeKey` in the template, with its properties. */
function routeProps(stack: Stack, routeKey: string): Record<string, any> {
  const routes = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
  expect(routes).toHaveLength(1);
  return routes[0].Properties;
}

describe('RouteAuthorization', () => {
  test('none() lets anyone call: type NONE, no scopes and no authorizer', () => {
    const authorization = RouteAuthorization.none();
    expect(authorization.authorizationType).toBe(RouteAuthorizationType.NONE);
    expect(authorization.scopes).toEqual([]);
    expect(authorization.authorizerName).toBeUndefined();
  });

  test('iam() asks for SigV4-signed calls: type AWS_IAM, no scopes and no authorizer', () => {
    const authorization = RouteAuthorization.iam();
    expect(authorization.authorizationType).toBe(RouteAuthorizationType.AWS_IAM);
    expect(authorization.scopes).toEqual([]);
    expect(authorization.authorizerName).toBeUndefined();
  });

  test('jwt() is type JWT with the scopes given and an authorizer named "jwt" unless authorizerName says otherwise', () => {
    expect(jwt().authorizationType).toBe(RouteAuthorizationType.JWT);
    expect(jwt().scopes).toEqual([]);
    expect(jwt().authorizerName).toBe('jwt');
    expect(jwt({ scopes: ['read'], authorizerName: 'cognito' }).scopes).toEqual(['read']);
    expect(jwt({ authorizerName: 'cognito' }).authorizerName).toBe('cognito');
  });

  test('lambdaAuthorizer() is type CUSTOM with no scopes and an authorizer named "lambda" unless authorizerName says otherwise', () => {
    const fn = lambda.Function.fromFunctionArn(newStack(), 'Fn', 'arn:aws:lambda:eu-west-1:123456789012:function:auth');
    expect(RouteAuthorization.lambdaAuthorizer({ function: fn }).authorizationType).toBe(RouteAuthorizationType.CUSTOM);
    expect(RouteAuthorization.lambdaAuthorizer({ function: fn }).scopes).toEqual([]);
    expect(RouteAuthorization.lambdaAuthorizer({ function: fn }).authorizerName).toBe('lambda');
    expect(RouteAuthorization.lambdaAuthorizer({ function: fn, authorizerName: 'tokens' }).authorizerName).toBe('tokens');
  });

  test('withScopes gives the same JWT authorizer with other scopes and leaves the original as it was', () => {
    const reader = jwt({ scopes: ['read'], authorizerName: 'cognito' });
    const writer = reader.withScopes('write', 'admin');
    expect(writer).not.toBe(reader);
    expect(writer.authorizationType).toBe(RouteAuthorizationType.JWT);
    expect(writer.scopes).toEqual(['write', 'admin']);
    expect(writer.authorizerName).toBe('cognito');
    expect(reader.scopes).toEqual(['read']);
  });

  test.each<[string, () => RouteAuthorization, string]>([
    ['none()', () => RouteAuthorization.none(), 'NONE'],
    ['iam()', () => RouteAuthorization.iam(), 'AWS_IAM'],
    ['lambdaAuthorizer()', () => RouteAuthorization.lambdaAuthorizer({
      function: lambda.Function.fromFunctionArn(newStack(), 'Fn', 'arn:aws:lambda:eu-west-1:123456789012:function:auth'),
    }), 'CUSTOM'],
  ])('withScopes on %s is refused: scopes apply to JWT authorization only', (_name, make, type) => {
    // Thrown by RouteAuthorization itself, before any construct is involved.
    expect(() => make().withScopes('read', 'write'))
      .toThrow(new RegExp(`withScopes\\(read, write\\): scopes apply to JWT authorization only, not ${type}`));
  });
});

describe('authorization of the routes', () => {
  test('by default every route is public: no AuthorizationType (API Gateway\'s NONE) and no authorizer', () => {
    const stack = newStack();
    const api = hello(stack, { routeKeys: ['GET /', 'POST /items'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const routeKey of ['GET /', 'POST /items']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: Match.absent(),
        AuthorizerId: Match.absent(),
        AuthorizationScopes: Match.absent(),
      });
    }
    expect(api.authorizers).toEqual([]);
  });

  test('a JWT authorization creates a JWT authorizer and points the route at it with its scopes', () => {
    const stack = newStack();
    const api = hello(stack, { authorization: jwt({ audience: ['client-a', 'client-b'], scopes: ['items:read', 'items:write'] }) });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: logicalIdOf(api.httpApi) },
      Name: 'jwt',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: ISSUER, Audience: ['client-a', 'client-b'] },
    });
    expect(api.authorizers).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: logicalIdOf(api.authorizers[0]) },
      AuthorizationScopes: ['items:read', 'items:write'],
    });
  });

  test('a JWT authorization without scopes sets no AuthorizationScopes on the route', () => {
    const stack = newStack();
    hello(stack, { authorization: jwt() });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', {
      AuthorizationType: 'JWT',
      AuthorizationScopes: Match.absent(),
    });
  });

  test('identitySource and authorizerName shape the JWT authorizer, whose construct id follows the name', () => {
    const stack = newStack();
    const api = hello(stack, { authorization: jwt({ identitySource: ['$request.querystring.token'], authorizerName: 'cognito' }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      Name: 'cognito',
      IdentitySource: ['$request.querystring.token'],
    });
    expect(api.authorizers[0].node.id).toBe('Authorizer cognito');
  });

  test('a Lambda authorization in ROLE mode creates a REQUEST authorizer (payload 2.0, simple responses, 5 minute cache) invoked through the invoke role', () => {
    const stack = newStack();
    const authorizer = authorizerFunction(stack);
    const api = hello(stack, { authorization: RouteAuthorization.lambdaAuthorizer({ function: authorizer }) });
    const template = Template.fromStack(stack);
    const authorizerArn = { 'Fn::GetAtt': [logicalIdOf(authorizer), 'Arn'] };

    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: logicalIdOf(api.httpApi) },
      Name: 'lambda',
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
      AuthorizerUri: {
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/',
          authorizerArn, '/invocations',
        ]],
      },
      AuthorizerCredentialsArn: { 'Fn::GetAtt': [logicalIdOf(api.invokeRole!), 'Arn'] },
    });
    // The invoke role may call the function and the authorizer, and nothing else.
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'InvokeFunction',
        PolicyDocument: Match.objectLike({
          Statement: [{
            Action: 'lambda:InvokeFunction',
            Effect: 'Allow',
            Resource: [{ 'Fn::GetAtt': [logicalIdOf(api.function), 'Arn'] }, authorizerArn],
          }],
        }),
      }],
    });
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    expect(routeProps(stack, 'GET /')).toEqual(expect.objectContaining({
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: logicalIdOf(api.authorizers[0]) },
    }));
    expect(routeProps(stack, 'GET /').AuthorizationScopes).toBeUndefined();
  });

  test('a Lambda authorization in RESOURCE_POLICY mode has no credentials and one permission scoped to the authorizer', () => {
    const stack = newStack();
    const authorizer = authorizerFunction(stack);
    const api = hello(stack, {
      permissionMode: InvokePermissionMode.RESOURCE_POLICY,
      authorization: RouteAuthorization.lambdaAuthorizer({ function: authorizer }),
    });
    const template = Template.fromStack(stack);
    const authorizerId = logicalIdOf(api.authorizers[0]);

    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerCredentialsArn: Match.absent(),
    });
    // One statement for the function behind the API, one for the authorizer.
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    const authorizerPermissions = template.findResources('AWS::Lambda::Permission', {
      Properties: { FunctionName: { 'Fn::GetAtt': [logicalIdOf(authorizer), 'Arn'] } },
    });
    expect(Object.keys(authorizerPermissions)).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalIdOf(authorizer), 'Arn'] },
      SourceArn: {
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':',
          { Ref: logicalIdOf(api.httpApi) }, '/authorizers/', { Ref: authorizerId },
        ]],
      },
    });
    template.resourceCountIs('AWS::IAM::Role', 2); // the execution roles of the two functions
  });

  test('resultsCacheTtl and identitySource shape the Lambda authorizer; with caching off it needs no identity source', () => {
    const stack = newStack();
    const fn = authorizerFunction(stack);
    hello(stack, {
      routeKeys: ['GET /', 'GET /open'],
      authorization: RouteAuthorization.lambdaAuthorizer({ function: fn, resultsCacheTtl: Duration.minutes(1), identitySource: ['$request.header.X-Api-Key', '$context.sourceIp'] }),
      routeAuthorization: {
        'GET /open': RouteAuthorization.lambdaAuthorizer({ function: fn, resultsCacheTtl: Duration.seconds(0), identitySource: [], authorizerName: 'uncached' }),
      },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      Name: 'lambda',
      AuthorizerResultTtlInSeconds: 60,
      IdentitySource: ['$request.header.X-Api-Key', '$context.sourceIp'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      Name: 'uncached',
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  test('IAM routes are AWS_IAM and need no authorizer', () => {
    const stack = newStack();
    hello(stack, { routeKeys: ['GET /', 'POST /admin'], authorization: RouteAuthorization.iam() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const routeKey of ['GET /', 'POST /admin']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'AWS_IAM',
        AuthorizerId: Match.absent(),
      });
    }
  });

  test('one authorization used by several routes creates one authorizer they all point at', () => {
    const stack = newStack();
    const shared = jwt();
    const api = hello(stack, {
      routeKeys: ['GET /', 'GET /a', 'GET /b'],
      routeAuthorization: { 'GET /a': shared, 'GET /b': shared },
      authorization: shared,
    });
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    for (const routeKey of ['GET /', 'GET /a', 'GET /b']) {
      expect(routeProps(stack, routeKey).AuthorizerId).toEqual({ Ref: logicalIdOf(api.authorizers[0]) });
    }
  });

  test('one Lambda authorization shared by two APIs creates an authorizer and a permission in each, scoped to that API', () => {
    const stack = newStack();
    const shared = RouteAuthorization.lambdaAuthorizer({ function: authorizerFunction(stack) });
    const props = { permissionMode: InvokePermissionMode.RESOURCE_POLICY, authorization: shared };
    const apis = [hello(stack, props), new GravitonHttpLambdaApi(stack, 'Other', { code: HELLO_CODE, handler: 'index.lambda_handler', ...props })];
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
    for (const api of apis) {
      expect(api.authorizers).toHaveLength(1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { ApiId: { Ref: logicalIdOf(api.httpApi) } });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: logicalIdOf(api.httpApi) },
        AuthorizerId: { Ref: logicalIdOf(api.authorizers[0]) },
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalIdOf(api.httpApi) }, '/authorizers/', { Ref: logicalIdOf(api.authorizers[0]) }])] },
      });
    }
  });

  test('withScopes keeps one authorizer and gives each route its own scopes', () => {
    const stack = newStack();
    const reader = jwt({ scopes: ['items:read'] });
    const api = hello(stack, {
      routeKeys: ['GET /items', 'POST /items'],
      authorization: reader,
      routeAuthorization: { 'POST /items': reader.withScopes('items:write') },
    });
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const authorizerRef = { Ref: logicalIdOf(api.authorizers[0]) };
    expect(routeProps(stack, 'GET /items')).toEqual(expect.objectContaining({ AuthorizerId: authorizerRef, AuthorizationScopes: ['items:read'] }));
    expect(routeProps(stack, 'POST /items')).toEqual(expect.objectContaining({ AuthorizerId: authorizerRef, AuthorizationScopes: ['items:write'] }));
  });

  test('a route named in routeAuthorization has its own authorization in place of the default', () => {
    const stack = newStack();
    hello(stack, {
      routeKeys: ['GET /', 'GET /health', 'DELETE /items/{id}'],
      authorization: jwt(),
      routeAuthorization: { 'GET /health': RouteAuthorization.none(), 'DELETE /items/{id}': RouteAuthorization.iam() },
    });
    expect(routeProps(stack, 'GET /').AuthorizationType).toBe('JWT');
    expect(routeProps(stack, 'GET /health').AuthorizationType).toBeUndefined();
    expect(routeProps(stack, 'GET /health').AuthorizerId).toBeUndefined();
    expect(routeProps(stack, 'DELETE /items/{id}')).toEqual(expect.objectContaining({ AuthorizationType: 'AWS_IAM' }));
    expect(routeProps(stack, 'DELETE /items/{id}').AuthorizerId).toBeUndefined();
  });

  test('routes added with addRoutes get the default authorization', () => {
    const stack = newStack();
    const api = hello(stack, {
      routeKeys: ['GET /', 'GET /health'],
      authorization: jwt({ scopes: ['read'] }),
      routeAuthorization: { 'GET /health': RouteAuthorization.none() },
    });
    api.addRoutes('POST /items');
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    expect(routeProps(stack, 'POST /items')).toEqual(expect.objectContaining({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: logicalIdOf(api.authorizers[0]) },
      AuthorizationScopes: ['read'],
    }));
  });

  test('authorizers exposes one authorizer per authorization used, in order of first use', () => {
    const stack = newStack();
    const api = hello(stack, {
      routeKeys: ['GET /', 'GET /me'],
      authorization: RouteAuthorization.lambdaAuthorizer({ function: authorizerFunction(stack) }),
      routeAuthorization: { 'GET /me': jwt() },
    });
    expect(api.authorizers.map((authorizer) => authorizer.name)).toEqual(['lambda', 'jwt']);
    expect(api.authorizers.map((authorizer) => authorizer.authorizerType)).toEqual(['REQUEST', 'JWT']);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
  });

  test('only public routes are exempt from cdk-nag\'s APIG4 rule (routes without authorization)', () => {
    const stack = newStack();
    hello(stack, { routeKeys: ['GET /', 'GET /health'], authorization: RouteAuthorization.iam(), routeAuthorization: { 'GET /health': RouteAuthorization.none() } });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ApiGatewayV2::Route', {
      Properties: Match.objectLike({ RouteKey: 'GET /health' }),
      Metadata: { cdk_nag: { rules_to_suppress: [Match.objectLike({ id: 'AwsSolutions-APIG4' })] } },
    });
    template.hasResource('AWS::ApiGatewayV2::Route', {
      Properties: Match.objectLike({ RouteKey: 'GET /' }),
      Metadata: Match.absent(),
    });
  });
});

describe('bad authorization fails synthesis before any child is created', () => {
  test('a routeAuthorization key that is not one of routeKeys', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      routeKeys: ['GET /', 'POST /items'],
      routeAuthorization: { 'GET /missing': RouteAuthorization.iam() },
    }), /routeAuthorization\["GET \/missing"\]: not one of routeKeys \("GET \/", "POST \/items"\); name a route the API has/);
  });

  test('two different authorizers with the same name', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      routeKeys: ['GET /', 'GET /other'],
      authorization: jwt(),
      routeAuthorization: { 'GET /other': jwt({ issuer: 'https://other.example.com' }) },
    }), /authorization "jwt": two different authorizers are named "jwt"; give each its own authorizerName/);
  });

  test('a JWT and a Lambda authorizer given the same name', () => {
    const stack = newStack();
    const fn = authorizerFunction(stack);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      routeKeys: ['GET /', 'GET /other'],
      authorization: jwt({ authorizerName: 'auth' }),
      routeAuthorization: { 'GET /other': RouteAuthorization.lambdaAuthorizer({ function: fn, authorizerName: 'auth' }) },
    }), /authorization "auth": two different authorizers are named "auth"/);
  });

  test('an authorizerName API Gateway refuses', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { authorization: jwt({ authorizerName: 'my/authorizer' }) }),
      /authorization "my\/authorizer": authorizerName must be 1 to 128 letters, digits, spaces, "_", "." or "-"/);
  });

  test.each([
    ['a bare header name', 'Authorization'],
    ['an unknown source', '$request.body.token'],
    ['a source with a space', '$request.header.X Token'],
  ])('an identitySource that is %s', (_name, source) => {
    const stack = newStack();
    const escaped = source.replace(/[.$]/g, '\\$&');
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { authorization: jwt({ identitySource: [source] }) }),
      new RegExp(`authorization "jwt": identitySource "${escaped}" must be \\$request\\.header\\.<name>, \\$request\\.querystring\\.<name>, \\$context\\.<name> or \\$stageVariables\\.<name>`));
  });

  test.each(['$context.sourceIp', '$stageVariables.token'])('a JWT identitySource %s that is not a header or query string', (source) => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { authorization: jwt({ identitySource: [source] }) }),
      /authorization "jwt": identitySource "\$\w+\.\w+" must be a header \(\$request\.header\.<name>\) or query string \(\$request\.querystring\.<name>\) for a JWT authorizer/);
  });

  test('a Lambda authorizer identitySource is checked too', () => {
    const stack = newStack();
    const fn = authorizerFunction(stack);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      authorization: RouteAuthorization.lambdaAuthorizer({ function: fn, identitySource: ['$request.header.Authorization', 'header.X-Key'] }),
    }), /authorization "lambda": identitySource "header.X-Key" must be/);
  });

  test('a JWT issuer that is not an https:// URL', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { authorization: jwt({ issuer: 'http://issuer.example.com' }) }),
      /authorization "jwt": issuer "http:\/\/issuer.example.com" must be an https:\/\/ URL/);
  });

  test('a JWT with an empty audience', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { authorization: jwt({ audience: [] }) }),
      /authorization "jwt": audience must list at least one audience \(client id\)/);
  });

  test('a JWT read from two identity sources', () => {
    const stack = newStack();
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      authorization: jwt({ identitySource: ['$request.header.Authorization', '$request.querystring.token'] }),
    }), /authorization "jwt": identitySource must be exactly one source for a JWT authorizer, got 2/);
  });

  test('a Lambda authorizer cached for longer than 3600 seconds', () => {
    const stack = newStack();
    const fn = authorizerFunction(stack);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      authorization: RouteAuthorization.lambdaAuthorizer({ function: fn, resultsCacheTtl: Duration.hours(2) }),
    }), /authorization "lambda": resultsCacheTtl 2 hours must be a whole number of seconds from 0 to 3600/);
  });

  test('a Lambda authorizer cached for a fraction of a second', () => {
    const stack = newStack();
    const fn = authorizerFunction(stack);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      authorization: RouteAuthorization.lambdaAuthorizer({ function: fn, resultsCacheTtl: Duration.millis(1500) }),
    }), /authorization "lambda": resultsCacheTtl 1 second 500 millis must be a whole number of seconds from 0 to 3600/);
  });

  test('a cached Lambda authorizer without an identity source (the cache key)', () => {
    const stack = newStack();
    const fn = authorizerFunction(stack);
    expectRefusedBeforeAnyChild(stack, () => hello(stack, {
      authorization: RouteAuthorization.lambdaAuthorizer({ function: fn, identitySource: [] }),
    }), /authorization "lambda": identitySource must name at least one source while caching is on \(it is the cache key\)/);
  });

  test('an authorization not made with RouteAuthorization', () => {
    const stack = newStack();
    const fake = { type: RouteAuthorizationType.NONE, scopes: [] } as unknown as RouteAuthorization;
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { authorization: fake }),
      /authorization: must be made with RouteAuthorization.none\(\), iam\(\), jwt\(\{...\}\) or lambdaAuthorizer\(\{...\}\)/);
  });
});
