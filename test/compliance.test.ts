import { App, Aspects, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as nag2 from 'cdk-nag';
import * as nag3 from 'cdk-nag-v3';
import { GravitonHttpLambdaApi, GravitonHttpLambdaApiProps, InvokePermissionMode, RouteAuthorization } from '../src';

const code = lambda.Code.fromInline('def lambda_handler(event, context):\n    return "hi"\n');

/** A stack for the checks, with what `build` puts in it. */
function stackWith(build: (stack: Stack) => void): Stack {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  build(stack);
  return stack;
}

/** cdk-nag 2's unsuppressed AwsSolutions findings (errors and warnings): aspects, `cdk_nag` metadata. */
function nag2Findings(stack: Stack): string[] {
  Aspects.of(stack).add(new nag2.AwsSolutionsChecks());
  const annotations = Annotations.fromStack(stack);
  const rule = Match.stringLikeRegexp('^AwsSolutions-');
  return [...annotations.findError('*', rule), ...annotations.findWarning('*', rule)]
    .map((finding) => `${finding.id}: ${String(finding.entry.data).split(':')[0]}`);
}

/** cdk-nag 3's unacknowledged AwsSolutions findings: CDK's Validations acknowledgments. */
function nag3Findings(stack: Stack): string[] {
  const report = new nag3.AwsSolutionsChecks().validateScope(stack);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${resource.resourceLogicalId}: ${violation.ruleName}`));
}

const defaults: GravitonHttpLambdaApiProps = { code, handler: 'index.lambda_handler' };

const variants: Array<[string, (stack: Stack) => void]> = [
  ['the construct\'s defaults', (stack) => new GravitonHttpLambdaApi(stack, 'Api', defaults)],
  ['RESOURCE_POLICY mode', (stack) => new GravitonHttpLambdaApi(stack, 'Api', { ...defaults, permissionMode: InvokePermissionMode.RESOURCE_POLICY })],
  ['several routes, throttled, with CORS', (stack) => new GravitonHttpLambdaApi(stack, 'Api', {
    ...defaults,
    routeKeys: ['GET /', 'POST /items', 'GET /items/{id}'],
    throttle: { rateLimit: 100, burstLimit: 50 },
    routeThrottle: { 'POST /items': { rateLimit: 10, burstLimit: 5 } },
    cors: { allowOrigins: ['https://example.com'] },
  })],
  ...[InvokePermissionMode.ROLE, InvokePermissionMode.RESOURCE_POLICY].map((permissionMode): [string, (stack: Stack) => void] => [
    `every operations option on (alias, deploymentConfig, alarms, tracing, concurrency), ${permissionMode} mode`,
    (stack) => new GravitonHttpLambdaApi(stack, 'Api', {
      ...defaults,
      permissionMode,
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: {},
      tracing: lambda.Tracing.ACTIVE,
      applicationLogLevel: lambda.ApplicationLogLevel.WARN,
      reservedConcurrentExecutions: 10,
      provisionedConcurrentExecutions: 1,
    }),
  ]),
  ['authorizers of each kind and a custom domain', (stack) => {
    // The authorizer function is the user's; made here as the construct makes its own.
    const authorizer = new GravitonHttpLambdaApi(stack, 'AuthorizerHost', defaults).function;
    for (const permissionMode of [InvokePermissionMode.ROLE, InvokePermissionMode.RESOURCE_POLICY]) {
      new GravitonHttpLambdaApi(stack, `Api${permissionMode}`, {
        ...defaults,
        permissionMode,
        routeKeys: ['GET /', 'GET /me', 'POST /admin'],
        authorization: RouteAuthorization.lambdaAuthorizer({ function: authorizer, resultsCacheTtl: Duration.seconds(0) }),
        routeAuthorization: {
          'GET /me': RouteAuthorization.jwt({ issuer: 'https://issuer.example.com', audience: ['client'], scopes: ['me:read'] }),
          'POST /admin': RouteAuthorization.iam(),
        },
        customDomain: {
          domainName: `${permissionMode.toLowerCase().replace('_', '-')}.example.com`,
          certificate: acm.Certificate.fromCertificateArn(stack, `Cert${permissionMode}`, 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
          hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, `Zone${permissionMode}`, { hostedZoneId: 'Z123', zoneName: 'example.com' }),
        },
      });
    }
  }],
];

describe.each([
  ['cdk-nag 2 AwsSolutionsChecks', nag2Findings],
  ['cdk-nag 3 AwsSolutionsChecks', nag3Findings],
])('%s', (_pack, findings) => {
  test.each(variants)('%s: no unsuppressed finding', (_name, build) => {
    expect(findings(stackWith(build))).toEqual([]);
  });

  test('finds what the construct does not suppress: access logs turned off', () => {
    const found = findings(stackWith((stack) => new GravitonHttpLambdaApi(stack, 'Api', { ...defaults, accessLog: { enabled: false } })));
    expect(found).toEqual([expect.stringMatching(/AwsSolutions-APIG1/)]);
  });
});

test('each suppression in the construct is needed: without them cdk-nag 2 reports exactly those rules', () => {
  const stack = stackWith((scope) => new GravitonHttpLambdaApi(scope, 'Api', defaults));
  const suppressed: string[] = [];
  for (const construct of stack.node.findAll()) {
    const metadata = construct instanceof CfnResource ? construct.cfnOptions.metadata : undefined;
    for (const rule of metadata?.cdk_nag?.rules_to_suppress ?? []) {
      expect(rule.reason.length).toBeGreaterThan(40); // a reason, not a placeholder
      suppressed.push(`${stack.getLogicalId(construct as CfnResource)}: ${rule.id}`);
    }
    if (metadata) {
      delete metadata.cdk_nag;
    }
  }
  expect(suppressed).toEqual([expect.stringMatching(/^ApiRouteGET\w+: AwsSolutions-APIG4$/)]);
  expect(nag2Findings(stack)).toEqual(['/Stack/Api/Route GET --: AwsSolutions-APIG4']);
});

test('with every operations option on, the construct suppresses only X-Ray\'s "*" and CodeDeploy\'s managed policy, and without those cdk-nag 2 reports exactly them', () => {
  const stack = stackWith((scope) => new GravitonHttpLambdaApi(scope, 'Api', {
    ...defaults,
    deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
    alarms: {},
    tracing: lambda.Tracing.ACTIVE,
  }));
  const suppressed: string[] = [];
  for (const construct of stack.node.findAll()) {
    const metadata = construct instanceof CfnResource ? construct.cfnOptions.metadata : undefined;
    for (const rule of metadata?.cdk_nag?.rules_to_suppress ?? []) {
      expect(rule.reason.length).toBeGreaterThan(40); // a reason, not a placeholder
      suppressed.push(`${construct.node.path}: ${rule.id} ${rule.appliesTo ?? ''}`.trim());
    }
    if (metadata) {
      delete metadata.cdk_nag;
    }
  }
  expect(suppressed.sort()).toEqual([
    'Stack/Api/DeploymentGroup/ServiceRole/Resource: AwsSolutions-IAM4 Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited',
    'Stack/Api/ExecutionRole/Resource: AwsSolutions-IAM5 Resource::*',
    'Stack/Api/Route GET --: AwsSolutions-APIG4',
  ]);
  expect(nag2Findings(stack).sort()).toEqual([
    // (nag2Findings cuts each finding at its first colon.)
    '/Stack/Api/DeploymentGroup/ServiceRole/Resource: AwsSolutions-IAM4[Policy',
    '/Stack/Api/ExecutionRole/Resource: AwsSolutions-IAM5[Resource',
    '/Stack/Api/Route GET --: AwsSolutions-APIG4',
  ]);
});
