import { CfnOutput } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { newCloud, synthesize } from './local-cloud-support';
import { GravitonHttpLambdaApi, InvokePermissionMode, RouteAuthorization } from '../../src';
import { LocalCloud } from '../../src/local/local-cloud';

/** The construct's stack, deployed in a local cloud, with the endpoints SDK clients are pointed at. */
export interface DeployedApi {
  readonly cloud: LocalCloud;
  /** The API's local URL, ending in `/`. */
  readonly url: string;
  readonly outputs: Record<string, string>;
  /** `AWS_ENDPOINT_URL_<SERVICE>` → URL, Lambda's included. */
  readonly endpoints: Record<string, string>;
  readonly logs: string[];
}

/** What SDK clients need besides the endpoint: the offline cloud checks no signature. */
export const CLIENT_OPTIONS = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } } as const;

/**
 * Deploys a GravitonHttpLambdaApi (routes `GET /` and `POST /items/{id}`, the second behind a JWT
 * authorizer, resource-policy mode, JSON access log, custom domain `api.example.com`), and a role with an AWS managed policy; outputs the names the tests ask the APIs about.
 */
export async function deployObservedApi(): Promise<DeployedApi> {
  const assembly = synthesize((stack) => {
    const api = new GravitonHttpLambdaApi(stack, 'Hello', {
      code: lambda.Code.fromInline('def lambda_handler(event, context):\n    print("handled", event["rawPath"])\n    return "hi"\n'),
      handler: 'index.lambda_handler',
      // Text logs: the tests read the classic START/END/REPORT lines (JSON is the construct's default).
      loggingFormat: lambda.LoggingFormat.TEXT,
      routeKeys: ['GET /', 'POST /items/{id}'],
      permissionMode: InvokePermissionMode.RESOURCE_POLICY,
      routeAuthorization: {
        'POST /items/{id}': RouteAuthorization.jwt({ issuer: 'https://issuer.example.com', audience: ['api://items'], scopes: ['items/write'] }),
      },
      customDomain: {
        domainName: 'api.example.com',
        certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123'),
      },
    });
    new CfnOutput(stack, 'FunctionName', { value: api.function.functionName });
    new CfnOutput(stack, 'ApiId', { value: api.httpApi.apiId });
    new CfnOutput(stack, 'AccessLogGroup', { value: api.accessLogGroup!.logGroupName });
    new CfnOutput(stack, 'FunctionLogGroup', { value: api.functionLogGroup!.logGroupName });
    new CfnOutput(stack, 'RoleName', { value: (api.function as lambda.Function).role!.roleName });
    // A role with an AWS managed policy, for ListAttachedRolePolicies.
    const reader = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    new CfnOutput(stack, 'ManagedRoleName', { value: reader.roleName });
  });
  const { cloud, logs } = newCloud();
  const [deployed] = await cloud.deploy(assembly);
  const endpoints = { AWS_ENDPOINT_URL_LAMBDA: await cloud.startLambdaApi(), ...await cloud.startServiceApis() };
  return { cloud, url: cloud.servedApis()[0].url, outputs: deployed.outputs, endpoints, logs };
}
