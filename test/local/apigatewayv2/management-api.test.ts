import {
  ApiGatewayV2Client, GetApiCommand, GetApisCommand, GetAuthorizersCommand, GetDomainNameCommand, GetIntegrationCommand,
  GetIntegrationsCommand, GetRouteCommand, GetRoutesCommand, GetStageCommand, GetStagesCommand, NotFoundException,
} from '@aws-sdk/client-apigatewayv2';
import { CLIENT_OPTIONS, DeployedApi, deployObservedApi } from '../deployed-api-fixture';
import { removeTempDirs } from '../local-cloud-support';

describe('the API Gateway v2 management API, called with the AWS SDK v3 client', () => {
  let deployed: DeployedApi;
  let client: ApiGatewayV2Client;
  let apiId: string;

  beforeAll(async () => {
    deployed = await deployObservedApi();
    apiId = deployed.outputs.ApiId;
    client = new ApiGatewayV2Client({ ...CLIENT_OPTIONS, endpoint: deployed.endpoints.AWS_ENDPOINT_URL_APIGATEWAYV2 });
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await deployed?.cloud.stop();
    removeTempDirs();
  });

  test('GetApi describes the deployed HTTP API, its endpoint the local one', async () => {
    const api = await client.send(new GetApiCommand({ ApiId: apiId }));
    expect(api).toMatchObject({
      ApiId: apiId,
      ProtocolType: 'HTTP',
      RouteSelectionExpression: '$request.method $request.path',
      ApiEndpoint: deployed.url.replace(/\/$/, ''),
    });
    expect(api.CreatedDate).toBeInstanceOf(Date);
  });

  test('GetApis lists it', async () => {
    const apis = await client.send(new GetApisCommand({}));
    expect(apis.Items?.map((a) => a.ApiId)).toEqual([apiId]);
  });

  test('GetRoutes lists the route keys the props gave, each targeting the one integration', async () => {
    const routes = await client.send(new GetRoutesCommand({ ApiId: apiId }));
    expect(routes.Items?.map((r) => r.RouteKey).sort()).toEqual(['GET /', 'POST /items/{id}']);
    const integrations = await client.send(new GetIntegrationsCommand({ ApiId: apiId }));
    expect(integrations.Items).toHaveLength(1);
    const integrationId = integrations.Items![0].IntegrationId;
    expect(routes.Items?.map((r) => r.Target)).toEqual([`integrations/${integrationId}`, `integrations/${integrationId}`]);
    expect(routes.Items?.find((r) => r.RouteKey === 'GET /')?.AuthorizationType).toBe('NONE');
  });

  test('GetRoute and GetIntegration describe one each; the integration is a Lambda proxy with payload 2.0', async () => {
    const routes = await client.send(new GetRoutesCommand({ ApiId: apiId }));
    const route = await client.send(new GetRouteCommand({ ApiId: apiId, RouteId: routes.Items![0].RouteId }));
    expect(route.RouteKey).toBe(routes.Items![0].RouteKey);
    const integrationId = route.Target!.replace('integrations/', '');
    const integration = await client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }));
    expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationMethod: 'POST', TimeoutInMillis: 30000 });
    expect(integration.IntegrationUri).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:/);
  });

  test('GetStages and GetStage describe the $default stage: auto-deploy and its access log', async () => {
    const stages = await client.send(new GetStagesCommand({ ApiId: apiId }));
    expect(stages.Items?.map((s) => s.StageName)).toEqual(['$default']);
    const stage = await client.send(new GetStageCommand({ ApiId: apiId, StageName: '$default' }));
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.AccessLogSettings?.DestinationArn).toContain(`:log-group:${deployed.outputs.AccessLogGroup}`);
    expect(stage.AccessLogSettings?.Format).toContain('$context.requestId');
  });

  test('GetAuthorizers lists the JWT authorizer, and the route it guards names it and its scopes', async () => {
    const authorizers = await client.send(new GetAuthorizersCommand({ ApiId: apiId }));
    expect(authorizers.Items).toEqual([expect.objectContaining({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: ['api://items'], Issuer: 'https://issuer.example.com' },
    })]);
    const routes = await client.send(new GetRoutesCommand({ ApiId: apiId }));
    expect(routes.Items?.find((r) => r.RouteKey === 'POST /items/{id}')).toMatchObject({
      AuthorizationType: 'JWT', AuthorizerId: authorizers.Items![0].AuthorizerId, AuthorizationScopes: ['items/write'],
    });
  });

  test('GetDomainName describes the custom domain: its certificate and regional endpoint', async () => {
    const domain = await client.send(new GetDomainNameCommand({ DomainName: 'api.example.com' }));
    expect(domain).toMatchObject({ DomainName: 'api.example.com', ApiMappingSelectionExpression: '$request.basepath' });
    expect(domain.DomainNameConfigurations).toEqual([expect.objectContaining({
      CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      EndpointType: 'REGIONAL',
      SecurityPolicy: 'TLS_1_2',
      DomainNameStatus: 'AVAILABLE',
      ApiGatewayDomainName: expect.stringMatching(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/),
    })]);
  });

  test('an unknown API, route, stage or domain name raises NotFoundException', async () => {
    await expect(client.send(new GetApiCommand({ ApiId: 'nope' }))).rejects.toThrow(NotFoundException);
    await expect(client.send(new GetRouteCommand({ ApiId: apiId, RouteId: 'nope' }))).rejects.toThrow('Invalid Route identifier specified nope');
    await expect(client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).rejects.toThrow(NotFoundException);
    await expect(client.send(new GetDomainNameCommand({ DomainName: 'other.example.com' }))).rejects.toThrow(NotFoundException);
  });

  test('a call the offline cloud does not answer says not supported and lists the calls it does', async () => {
    const response = await fetch(`${deployed.endpoints.AWS_ENDPOINT_URL_APIGATEWAYV2}/v2/apis/${apiId}/deployments`);
    expect(response.status).toBe(501);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotSupported');
    expect(((await response.json()) as { message: string }).message).toMatch(/^not supported: ApiGatewayV2 GET \/v2\/apis\/\w+\/deployments .*GetRoutes/);
  });
});
