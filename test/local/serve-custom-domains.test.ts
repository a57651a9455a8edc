import { deployOneApi, newCloud, removeTempDirs, request, writeTemplate } from './local-cloud-support';
import { rawRequest, RawResponse } from './raw-http';
import { reference } from './templates';
import { DeployError, NotSupportedError } from '../../src/local/cloudformation/resource-provider';
import { LocalCloud } from '../../src/local/local-cloud';

/**
 * Custom domain names over real HTTP: DNS is not emulated, so a request names the custom domain in
 * its Host header and reaches the API's local server; the domain's API mapping picks the stage.
 * And `DisableExecuteApiEndpoint`: the API's own (execute-api) endpoint answers 404.
 */
jest.setTimeout(30_000);

const HELLO = '"Hello form Awstut !"';
// An integration that answers the stage, path and domain API Gateway passed it.
const ECHO = 'import json\n\ndef lambda_handler(event, context):\n    c = event["requestContext"]\n    return {"stage": c["stage"], "rawPath": event["rawPath"], "domainName": c["domainName"]}\n';

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

/** A GET to the local server of `url` with the given Host header. */
function getWithHost(url: string, host: string, requestPath: string): Promise<RawResponse> {
  return rawRequest(url, `GET ${requestPath} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
}

/** The reference template with a custom domain `api.example.com`, a mapping and an alias record. */
function customDomainTemplate(mappingKey?: string): any {
  const template = reference();
  Object.assign(template.Resources, {
    Domain: {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Properties: {
        DomainName: 'api.example.com',
        DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123', EndpointType: 'REGIONAL' }],
      },
    },
    Mapping: {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        DomainName: { Ref: 'Domain' },
        Stage: { Ref: 'DefaultStage' },
        ...(mappingKey !== undefined ? { ApiMappingKey: mappingKey } : {}),
      },
    },
    Alias: {
      Type: 'AWS::Route53::RecordSet',
      Properties: {
        HostedZoneName: 'example.com.',
        Name: 'api.example.com.',
        Type: 'A',
        AliasTarget: { DNSName: { 'Fn::GetAtt': ['Domain', 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': ['Domain', 'RegionalHostedZoneId'] } },
      },
    },
  });
  template.Outputs.RegionalDomainName = { Value: { 'Fn::GetAtt': ['Domain', 'RegionalDomainName'] } };
  template.Outputs.RegionalHostedZoneId = { Value: { 'Fn::GetAtt': ['Domain', 'RegionalHostedZoneId'] } };
  return template;
}

describe('an API with DisableExecuteApiEndpoint and a custom domain mapped under v1', () => {
  let url: string;
  beforeEach(async () => {
    const template = customDomainTemplate('v1');
    template.Resources.HttpApi.Properties.DisableExecuteApiEndpoint = true;
    url = await deployOneApi(cloud, writeTemplate(template));
  });

  test('the default endpoint answers 404 {"message":"Not Found"} and the log says it is disabled', async () => {
    const response = await request(url);
    expect(response.status).toBe(404);
    expect(response.body).toBe('{"message":"Not Found"}');
    expect(logs.join('\n')).toContain('the default (execute-api) endpoint is disabled (DisableExecuteApiEndpoint)');
  });

  test('a request whose Host is the custom domain is served through the mapping, the key stripped before routing', async () => {
    for (const [host, requestPath] of [['api.example.com', '/v1'], ['api.example.com:443', '/v1/'], ['API.Example.COM', '/v1']]) {
      const response = await getWithHost(url, host, requestPath);
      expect([host, response.status, response.body]).toEqual([host, 200, HELLO]);
    }
  });

  test('paths outside every mapping, and routes the API lacks, are 404', async () => {
    expect((await getWithHost(url, 'api.example.com', '/')).status).toBe(404);
    expect((await getWithHost(url, 'api.example.com', '/v2')).status).toBe(404);
    expect((await getWithHost(url, 'api.example.com', '/v1x')).status).toBe(404);
    expect((await getWithHost(url, 'api.example.com', '/v1/hogehoge')).status).toBe(404);
    expect(logs.join('\n')).toContain('api.example.com: 404 Not Found: no API mapping of the custom domain matches /v2');
  });

  test('the alias record is stored, not resolved, and says so', () => {
    expect(logs.filter((line) => line.startsWith('[route53] api.example.com A alias to d-'))).toHaveLength(1);
    expect(logs.join('\n')).toContain('DNS is not emulated offline; reach the custom domain with "Host: api.example.com"');
  });
});

test('the domain\'s RegionalDomainName and RegionalHostedZoneId', async () => {
  const [stack] = await cloud.deploy(writeTemplate(customDomainTemplate()));
  expect(stack.outputs.RegionalDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  // https://docs.aws.amazon.com/general/latest/gr/apigateway.html
  expect(stack.outputs.RegionalHostedZoneId).toBe('Z1UJRXOUMOOFQ8');
});

test('the empty mapping takes every path to its stage; the execute-api endpoint still serves the same stage under its name', async () => {
  const template = customDomainTemplate();
  template.Resources.Function.Properties.Code.ZipFile = ECHO;
  template.Resources.DefaultStage.Properties.StageName = 'prod';
  template.Resources.DefaultStage.Properties.AccessLogSettings = {
    DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access:*',
    Format: '$context.stage $context.customDomain.basePathMatched',
  };
  const url = await deployOneApi(cloud, writeTemplate(template));

  const viaDomain = await getWithHost(url, 'api.example.com', '/');
  expect(viaDomain.status).toBe(200);
  expect(JSON.parse(viaDomain.body)).toEqual({ stage: 'prod', rawPath: '/', domainName: 'api.example.com' });
  const viaEndpoint = await request(`${url}prod`);
  expect(JSON.parse(viaEndpoint.body)).toMatchObject({ stage: 'prod', rawPath: '/prod' });
  expect(logs).toContain('[api-access] prod (none)');
  expect(logs).toContain('[api-access] prod -');
});

describe('custom domain resources API Gateway and Route 53 refuse, or the offline cloud does not emulate', () => {
  async function deployError(change: (template: any) => void): Promise<Error> {
    const template = customDomainTemplate('v1');
    change(template);
    const error = await cloud.deploy(writeTemplate(template)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    return error as Error;
  }

  test('a certificate that is no ACM certificate ARN', async () => {
    const error = await deployError((t) => { t.Resources.Domain.Properties.DomainNameConfigurations[0].CertificateArn = 'my-cert'; });
    expect(error.message).toContain('CertificateArn "my-cert" is not an ACM certificate ARN');
  });

  test('a mapping to a stage the API does not have', async () => {
    const error = await deployError((t) => {
      t.Resources.Mapping.Properties.Stage = 'beta';
      t.Resources.Mapping.DependsOn = 'DefaultStage';
    });
    expect(error.message).toContain('Invalid stage identifier specified: beta is not a stage of API');
  });

  test('a mapping key with characters API mappings do not allow', async () => {
    const error = await deployError((t) => { t.Resources.Mapping.Properties.ApiMappingKey = 'v1?x'; });
    expect(error.message).toContain('ApiMappingKey "v1?x"');
  });

  test('an edge-optimized domain name', async () => {
    const error = await deployError((t) => { t.Resources.Domain.Properties.DomainNameConfigurations[0].EndpointType = 'EDGE'; });
    expect(error).toBeInstanceOf(NotSupportedError);
    expect(error.message).toBe('not supported: custom domain EndpointType EDGE (HTTP APIs map only to REGIONAL domain names) at Domain');
  });

  test('a record set that is not an alias A/AAAA record', async () => {
    const error = await deployError((t) => {
      t.Resources.Alias.Properties = { HostedZoneName: 'example.com.', Name: 'api.example.com.', Type: 'CNAME', TTL: '300', ResourceRecords: ['x.example.com'] };
    });
    expect(error).toBeInstanceOf(NotSupportedError);
    expect(error.message).toContain('not supported: AWS::Route53::RecordSet of type CNAME without AliasTarget');
  });
});
